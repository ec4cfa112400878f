package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Avro values: in the Schema Registry wire format against a tiny in-process registry, and plain Avro binary against a
 * configured {@code .avsc} file. A schema id the registry does not know parks the record as a decode failure.
 */
@Testcontainers
class AvroIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final String MYRECORD = """
            {"type": "record", "name": "myrecord", "fields": [
              {"name": "id", "type": "int"}, {"name": "created", "type": "string"},
              {"name": "product", "type": "string"}, {"name": "price", "type": "double"}]}
            """;
    static final int SCHEMA_ID = 42;
    static final int UNKNOWN_SCHEMA_ID = 4242;
    static final Schema SCHEMA = new Schema.Parser().parse(MYRECORD);

    static HttpServer registry;

    @TempDir
    static Path dir;

    static final String PAYMENT = """
            {"type": "record", "name": "payment", "fields": [
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "note", "type": ["null", "string"], "default": null}]}
            """;
    static final String PAYMENT_KEY = """
            {"type": "record", "name": "payment_key", "fields": [
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}}]}
            """;
    static final int PAYMENT_ID = 43;
    static final int PAYMENT_KEY_ID = 44;
    static final Map<Integer, String> SCHEMAS =
            Map.of(SCHEMA_ID, MYRECORD, PAYMENT_ID, PAYMENT, PAYMENT_KEY_ID, PAYMENT_KEY);

    @BeforeAll
    static void startRegistry() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/schemas/ids/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
            String schema = exchange.getRequestMethod().equals("GET") && id.matches("\\d{1,9}")
                    ? SCHEMAS.get(Integer.parseInt(id))
                    : null;
            byte[] body = schema != null
                    ? json.writeValueAsBytes(
                            Map.of("schema", new Schema.Parser().parse(schema).toString()))
                    : "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(schema != null ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void writesRegistryAndSchemaFileRecordsAndParksAnUnknownSchemaId() throws IOException {
        String keyspace = unique("avro");
        String registryTopic = unique("avro-registry").replace('_', '-');
        String fileTopic = unique("avro-file").replace('_', '-');
        createKeyspace(keyspace);
        for (String table : List.of("orders", "orders_file")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int, created text, product text,"
                    + " price double, PRIMARY KEY (id, created))");
        }
        createTopic(registryTopic, 1);
        createTopic(fileTopic, 1);
        Path avsc = dir.resolve("myrecord.avsc");
        Files.writeString(avsc, MYRECORD);

        produce(List.of(
                new ProducerRecord<>(registryTopic, null, wire(SCHEMA_ID, order(1, "OP-DAX-P-20150201-95.7", 94.2))),
                new ProducerRecord<>(registryTopic, null, wire(UNKNOWN_SCHEMA_ID, order(9, "unknown", 1.0))),
                new ProducerRecord<>(registryTopic, null, wire(SCHEMA_ID, order(2, "OP-DAX-C-20150201-100", 99.5))),
                new ProducerRecord<>(fileTopic, null, avro(order(3, "FU-DATAMEX-20150201-100", 10000)))));

        String registryUrl = "http://127.0.0.1:" + registry.getAddress().getPort();
        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "avro-registry",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + registryTopic
                        + " PROPERTIES('value-format'='avro', 'schema-registry-url'='" + registryUrl + "')",
                "sink.routes[1].name",
                "avro-file",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".orders_file SELECT * FROM " + fileTopic
                        + " PROPERTIES('value-format'='avro', 'avro-schema'='" + avsc + "')"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(rows(keyspace, "orders"))
                        .containsExactlyInAnyOrder(
                                tuple(1, "2016-05-06 13:53:00", "OP-DAX-P-20150201-95.7", 94.2),
                                tuple(2, "2016-05-06 13:53:00", "OP-DAX-C-20150201-100", 99.5));
                assertThat(rows(keyspace, "orders_file"))
                        .containsExactly(tuple(3, "2016-05-06 13:53:00", "FU-DATAMEX-20150201-100", 10000.0));
            });

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(registryTopic + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            ConsumerRecord<byte[], byte[]> bad = parked.get(0);
            assertThat(ByteBuffer.wrap(bad.value(), 1, 4).getInt()).isEqualTo(UNKNOWN_SCHEMA_ID);
            assertThat(header(bad, DeadLetterPublisher.STAGE)).isEqualTo("decode");
            assertThat(header(bad, DeadLetterPublisher.ROUTE)).isEqualTo("avro-registry");
            assertThat(header(bad, "kafka_dlt-exception-message")).contains("unknown schema id " + UNKNOWN_SCHEMA_ID);
        }
    }

    @Test
    void writesAvroLogicalTypesAndDeletesByAnAvroKey() throws IOException {
        String keyspace = unique("avro_logical");
        String topic = unique("avro-logical").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".payments (id uuid PRIMARY KEY, amount decimal, at timestamp,"
                + " day date, note text)");
        createTopic(topic, 1);
        Schema payment = new Schema.Parser().parse(PAYMENT);
        Schema paymentKey = new Schema.Parser().parse(PAYMENT_KEY);
        UUID kept = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        UUID deleted = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (UUID id : List.of(kept, deleted)) {
            GenericRecord key = new GenericData.Record(paymentKey);
            key.put("id", id.toString());
            GenericRecord value = new GenericData.Record(payment);
            value.put("id", id.toString());
            value.put("amount", ByteBuffer.wrap(BigInteger.valueOf(1234).toByteArray())); // 12.34 at scale 2
            value.put("at", 1_462_542_780_123L);
            value.put("day", 16_927); // 2016-05-06
            value.put("note", null);
            records.add(new ProducerRecord<>(topic, wire(PAYMENT_KEY_ID, key), wire(PAYMENT_ID, value)));
        }
        GenericRecord tombstoneKey = new GenericData.Record(paymentKey);
        tombstoneKey.put("id", deleted.toString());
        records.add(new ProducerRecord<>(topic, wire(PAYMENT_KEY_ID, tombstoneKey), null));
        produce(records);

        String registryUrl = "http://127.0.0.1:" + registry.getAddress().getPort();
        String group = unique("avro-logical-sink");
        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".payments SELECT * FROM " + topic
                        + " PROPERTIES('value-format'='avro', 'key-format'='avro', 'schema-registry-url'='"
                        + registryUrl + "', 'delete-on-null'='true')"))) {
            // Only once every record is committed is the absence of the deleted row the delete's doing.
            await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(group, topic));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<com.datastax.oss.driver.api.core.cql.Row> rows =
                        cql().execute("SELECT * FROM " + keyspace + ".payments").all();
                assertThat(rows).hasSize(1);
                com.datastax.oss.driver.api.core.cql.Row row = rows.get(0);
                assertThat(row.getUuid("id")).isEqualTo(kept);
                assertThat(row.getBigDecimal("amount")).isEqualTo(new BigDecimal("12.34"));
                assertThat(row.getInstant("at")).isEqualTo(Instant.ofEpochMilli(1_462_542_780_123L));
                assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.of(2016, 5, 6));
                assertThat(row.isNull("note")).isTrue();
            });
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    private static List<org.assertj.core.groups.Tuple> rows(String keyspace, String table) {
        return cql().execute("SELECT id, created, product, price FROM " + keyspace + "." + table).all().stream()
                .map(r -> tuple(r.getInt("id"), r.getString("created"), r.getString("product"), r.getDouble("price")))
                .toList();
    }

    private static GenericRecord order(int id, String product, double price) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("id", id);
        record.put("created", "2016-05-06 13:53:00");
        record.put("product", product);
        record.put("price", price);
        return record;
    }

    /** The Schema Registry wire format: magic byte 0, the 4-byte schema id, then the Avro binary body. */
    private static byte[] wire(int schemaId, GenericRecord record) throws IOException {
        byte[] body = avro(record);
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(body)
                .array();
    }

    private static byte[] avro(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
