package io.kcsink.it;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Avro values: in the Schema Registry wire format against a tiny in-process registry, and plain Avro binary against a
 * configured {@code .avsc} file. A schema id the registry does not know parks the record as a decode failure.
 */
class AvroIT {

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

    @BeforeAll
    static void startRegistry() throws IOException {
        byte[] schemaResponse = JsonMapper.builder().build().writeValueAsBytes(Map.of("schema", SCHEMA.toString()));
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/schemas/ids/", exchange -> {
            boolean known = exchange.getRequestMethod().equals("GET")
                    && exchange.getRequestURI().getPath().equals("/schemas/ids/" + SCHEMA_ID);
            byte[] body = known
                    ? schemaResponse
                    : "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
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
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
