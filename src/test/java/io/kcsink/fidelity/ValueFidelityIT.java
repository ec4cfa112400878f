package io.kcsink.fidelity;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.sun.net.httpserver.HttpServer;
import io.kcsink.local.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Value fidelity, end to end: every case of {@link FidelityCatalog}, each a Kafka record with one column of one
 * type in one representation, goes through one running sink into a real table; a separate session reads each row back
 * and compares it with the value that was generated. Refused inputs must arrive in the dead-letter topic and never in
 * the table. A failure lists every case that went wrong: record, column, expected and actual value.
 */
@Testcontainers
class ValueFidelityIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final Map<Integer, String> SCHEMAS = new ConcurrentHashMap<>();
    private static HttpServer registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/schemas/ids/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
            String schema = id.matches("\\d{1,9}") ? SCHEMAS.get(Integer.parseInt(id)) : null;
            byte[] body = schema != null
                    ? json.writeValueAsBytes(Map.of("schema", schema))
                    : "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
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
    void everyAcceptedRepresentationRoundTripsExactlyAndEveryRefusedOneIsDeadLettered() {
        String keyspace = unique("fidelity");
        createKeyspace(keyspace);
        FidelityCatalog.schema(keyspace).forEach(statement -> cql().execute(statement));
        Map<String, String> topics = new HashMap<>();
        for (String name : List.of("json", "avro", "counts-json", "counts-avro")) {
            String topic = unique("fidelity-" + name).replace('_', '-');
            createTopic(topic, 2);
            topics.put(name, topic);
        }

        List<ValueCase> cases = FidelityCatalog.cases();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<Schema, Integer> schemaIds = new HashMap<>();
        for (ValueCase c : cases) {
            String topic = topicOf(c, topics);
            byte[] value = c.avro()
                    ? avro(c, schemaIds)
                    : ("{\"id\":\"" + c.id() + "\",\"" + c.column() + "\":" + c.json() + "}")
                            .getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(topic, c.id().getBytes(StandardCharsets.UTF_8), value));
        }
        produce(records);

        String group = unique("fidelity-sink");
        String registryUrl = "http://127.0.0.1:" + registry.getAddress().getPort();
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.kafka.consumer.group-id", group);
        // The whole range of the types (0001-01-01 as epoch days, say): wider than the default epoch-range, which is
        // there to catch numbers in the wrong unit.
        String fullRange = "'epoch-range'='0001-01-01/9999-12-31'";
        route(
                properties,
                0,
                "INSERT INTO " + keyspace + ".vals SELECT * FROM " + topics.get("json") + " PROPERTIES(" + fullRange
                        + ")");
        route(
                properties,
                1,
                "INSERT INTO " + keyspace + ".vals SELECT * FROM " + topics.get("avro")
                        + " PROPERTIES(" + fullRange + ", 'value-format'='avro', 'schema-registry-url'='" + registryUrl
                        + "')");
        route(
                properties,
                2,
                "INSERT INTO " + keyspace + ".counts SELECT * FROM " + topics.get("counts-json")
                        + " PROPERTIES('counters'='true')");
        route(
                properties,
                3,
                "INSERT INTO " + keyspace + ".counts SELECT * FROM " + topics.get("counts-avro")
                        + " PROPERTIES('counters'='true', 'value-format'='avro', 'schema-registry-url'='" + registryUrl
                        + "')");

        try (ConfigurableApplicationContext sink = startSink(properties)) {
            await("the sink to consume every case")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> caughtUp(group, topics.values().toArray(String[]::new)));
        }

        Map<String, Row> rows = new HashMap<>();
        for (String table : List.of("vals", "counts")) {
            cql().execute("SELECT * FROM " + keyspace + "." + table).forEach(row -> rows.put(row.getString("id"), row));
        }
        long refused = cases.stream().filter(ValueCase::refused).count();
        Map<String, String> deadLetters = new HashMap<>();
        for (Map.Entry<String, String> topic : topics.entrySet()) {
            // Every case of the topic that is not in the table must be in the dead-letter topic by now: the sink
            // commits an offset only once the broker has acknowledged the record's dead letter.
            long missing = cases.stream()
                    .filter(c -> topic.getValue().equals(topicOf(c, topics)) && !rows.containsKey(c.id()))
                    .count();
            for (ConsumerRecord<byte[], byte[]> letter :
                    readAll(topic.getValue() + ".DLT", (int) missing, Duration.ofSeconds(30))) {
                Header reason = letter.headers().lastHeader("kafka_dlt-exception-message");
                deadLetters.put(
                        new String(letter.key(), StandardCharsets.UTF_8),
                        reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8));
            }
        }

        List<String> failures = new ArrayList<>();
        for (ValueCase c : cases) {
            Row row = rows.get(c.id());
            if (c.refused()) {
                if (row != null) {
                    failures.add(c.describe() + "\n    should be refused, but the table holds "
                            + ReadBack.cell(row, c.column()));
                } else if (!deadLetters.containsKey(c.id())) {
                    failures.add(c.describe() + "\n    should be refused, but is in neither the table nor the DLT");
                }
                continue;
            }
            if (row == null) {
                failures.add(c.describe() + "\n    expected " + show(c.expected()) + ", but no row; dead letter: "
                        + deadLetters.get(c.id()));
                continue;
            }
            Object actual = ReadBack.cell(row, c.column());
            if (!Objects.equals(actual, c.expected())) {
                failures.add(c.describe() + "\n    expected " + show(c.expected()) + "\n    actual   " + show(actual));
            }
        }
        FidelityCatalog.countsPerType()
                .forEach((type, n) ->
                        System.out.printf("fidelity %-10s json=%d avro=%d refused=%d%n", type, n[0], n[1], n[2]));
        System.out.printf("fidelity total cases=%d refused=%d failures=%d%n", cases.size(), refused, failures.size());
        assertThat(failures)
                .as(
                        "%d of %d cases did not round-trip:\n%s",
                        failures.size(),
                        cases.size(),
                        String.join("\n", failures.subList(0, Math.min(60, failures.size()))))
                .isEmpty();
    }

    private static String topicOf(ValueCase c, Map<String, String> topics) {
        boolean counter = c.column().equals(FidelityCatalog.COUNTER_COLUMN);
        return topics.get((counter ? "counts-" : "") + (c.avro() ? "avro" : "json"));
    }

    private static void route(Map<String, String> properties, int index, String kcql) {
        properties.put("sink.routes[" + index + "].name", "fidelity-" + index);
        properties.put("sink.routes[" + index + "].kcql", kcql);
    }

    /** The value's type and value, so that 1 (int) and 1 (long) or 0.0 and -0.0 can be told apart in a report. */
    private static String show(Object value) {
        if (value instanceof ByteBuffer bytes) {
            byte[] raw = new byte[bytes.remaining()];
            bytes.duplicate().get(raw);
            return "bytes 0x" + Render.hex(raw);
        }
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    /** The case as a record {id, column} in the Schema Registry wire format. */
    private static byte[] avro(ValueCase c, Map<Schema, Integer> schemaIds) {
        Schema schema = SchemaBuilder.record("row")
                .fields()
                .requiredString("id")
                .name(c.column())
                .type(c.avroSchema())
                .noDefault()
                .endRecord();
        int id = schemaIds.computeIfAbsent(schema, s -> {
            int next = schemaIds.size() + 1;
            SCHEMAS.put(next, s.toString());
            return next;
        });
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", c.id());
        record.put(c.column(), c.avroDatum());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException(c.describe(), e);
        }
        return out.toByteArray();
    }
}
