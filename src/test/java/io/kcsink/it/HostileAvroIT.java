package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.SinkProcess;
import io.kcsink.local.TestInfrastructure;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile Avro records, each a few bytes that declare gigabytes, or written with a schema that nests without end or
 * declares a gigabyte {@code fixed}, mixed with good ones in one partition, against the service run as its image runs
 * it: a process of its own with a 512 MiB heap that exits on an OutOfMemoryError. Every record becomes a row or a dead
 * letter with its reason, and the good records after the hostile ones still land.
 */
@Testcontainers
class HostileAvroIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final int MIB = 1024 * 1024;

    static final String ITEM = """
            {"type":"record","name":"item","fields":[
              {"name":"id","type":"int"},{"name":"name","type":"string"},
              {"name":"tags","type":{"type":"array","items":"int"}},{"name":"payload","type":"bytes"}]}
            """;
    static final String NODE = """
            {"type":"record","name":"Node","fields":[
              {"name":"id","type":"int"},{"name":"next","type":["null","Node"]}]}
            """;
    static final String LOOP = """
            {"type":"record","name":"Loop","fields":[{"name":"id","type":"int"},{"name":"next","type":"Loop"}]}
            """;
    static final String HUGE_FIXED = """
            {"type":"record","name":"blob","fields":[
              {"name":"id","type":"int"},{"name":"payload","type":{"type":"fixed","name":"Gigabyte","size":1073741824}}]}
            """;
    static final String NULLS = """
            {"type":"record","name":"nulls","fields":[
              {"name":"id","type":"int"},{"name":"tags","type":{"type":"array","items":"null"}}]}
            """;
    static final int DEEP_LEVELS = 600;
    static final String DEEP = "{\"type\":\"record\",\"name\":\"deep\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
            + "{\"name\":\"tags\",\"type\":" + "{\"type\":\"array\",\"items\":".repeat(DEEP_LEVELS) + "\"int\""
            + "}".repeat(DEEP_LEVELS) + "}]}";
    static final int ITEM_ID = 1;
    static final int NODE_ID = 2;
    static final int HUGE_FIXED_ID = 3;
    static final int NULLS_ID = 4;
    static final int DEEP_ID = 5;
    static final int LOOP_ID = 6;
    static final int UNKNOWN_ID = 99;
    static final Map<Integer, String> SCHEMAS = Map.of(
            ITEM_ID, ITEM, NODE_ID, NODE, HUGE_FIXED_ID, HUGE_FIXED, NULLS_ID, NULLS, DEEP_ID, DEEP, LOOP_ID, LOOP);

    static HttpServer registry;

    @TempDir
    Path dir;

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
    void parksEveryHostileAvroRecordWithItsReasonAndKeepsWritingWithA512MibHeap() throws Exception {
        String keyspace = unique("hostile_avro");
        String topic = unique("hostile-avro").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".items (id int PRIMARY KEY, name text, tags list<int>,"
                + " payload blob)");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(topic, 1, (short) 1)
                                    .configs(Map.of("max.message.bytes", Integer.toString(4 * MIB))),
                            new NewTopic(topic + ".DLT", 1, (short) 1)))
                    .all()
                    .get();
        }

        // Record name → what its dead-letter message must say.
        Map<String, String> expectedReason = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(record(topic, "good-1", wire(ITEM_ID, item(1, "first", 3))));
        records.add(hostile(
                topic,
                "string-2gib",
                wire(ITEM_ID, new Avro().varlong(2).varlong(Integer.MAX_VALUE).raw('a', 'b', 'c')),
                "Avro string declares 2147483647 bytes, but only 3 bytes of the record are left",
                expectedReason));
        records.add(hostile(
                topic,
                "bytes-2gib",
                wire(ITEM_ID, new Avro().varlong(2).string("x").varlong(0).varlong(2L * Integer.MAX_VALUE)),
                "Avro bytes declares 4294967294 bytes, but only 0 bytes of the record are left",
                expectedReason));
        records.add(hostile(
                topic,
                "negative-length",
                wire(ITEM_ID, new Avro().varlong(2).varlong(-3)),
                "invalid Avro string: negative length -3",
                expectedReason));
        records.add(hostile(
                topic,
                "array-2pow31",
                wire(
                        ITEM_ID,
                        new Avro().varlong(2).string("x").varlong(1L << 31).raw(2)),
                "Avro array declares 2147483648 more items, beyond sink.limits.max-collection-items",
                expectedReason));
        records.add(hostile(
                topic,
                "nulls-2pow31",
                wire(NULLS_ID, new Avro().varlong(2).varlong(1L << 31).varlong(0)),
                "Avro array declares 2147483648 more items, beyond sink.limits.max-collection-items",
                expectedReason));
        // Ten million nulls in 5 bytes are within Avro 1.12.2's own limit with this heap (a thirty-second of the
        // maximum heap in items, about 16 million), not within the sink's.
        records.add(hostile(
                topic,
                "nulls-10m",
                wire(NULLS_ID, new Avro().varlong(2).varlong(10_000_000).varlong(0)),
                "Avro array declares 10000000 more items, beyond sink.limits.max-collection-items (1000000",
                expectedReason));
        byte[] good = wire(ITEM_ID, item(2, "truncated", 3));
        records.add(hostile(
                topic,
                "truncated",
                Arrays.copyOf(good, good.length - 4),
                "the Avro record ends early",
                expectedReason));
        records.add(hostile(
                topic,
                "recursive-schema",
                wire(NODE_ID, new Avro().varlong(1).varlong(1).varlong(2).varlong(0)),
                "schema id " + NODE_ID + " of the registry at " + registryUrl() + " is refused: it is recursive",
                expectedReason));
        // Every value of this schema nests without end, so reading one in two bytes recursed until the stack
        // overflowed.
        records.add(hostile(
                topic,
                "recursive-schema-without-end",
                wire(LOOP_ID, new Avro().varlong(2).varlong(3)),
                "schema id " + LOOP_ID + " of the registry at " + registryUrl() + " is refused: it is recursive",
                expectedReason));
        records.add(hostile(
                topic,
                "huge-fixed",
                wire(HUGE_FIXED_ID, new Avro().varlong(2).raw(1, 2, 3)),
                "is refused: fixed Gigabyte at payload declares 1073741824 bytes, more than"
                        + " sink.limits.max-string-size (1048576 bytes)",
                expectedReason));
        records.add(hostile(
                topic,
                "too-deep-schema",
                wire(DEEP_ID, new Avro().varlong(2).varlong(0)),
                "is refused: its values nest records, arrays and maps more than sink.limits.max-depth (500)",
                expectedReason));
        records.add(hostile(
                topic,
                "unknown-schema-id",
                wire(UNKNOWN_ID, item(3, "unknown", 1)),
                "unknown schema id " + UNKNOWN_ID,
                expectedReason));
        records.add(hostile(
                topic,
                "string-over-limit",
                wire(
                        ITEM_ID,
                        new Avro()
                                .varlong(2)
                                .string("s".repeat(3 * MIB / 2))
                                .varlong(0)
                                .varlong(0)),
                "Avro string of 1572864 bytes is longer than sink.limits.max-string-size (1048576 bytes)",
                expectedReason));
        records.add(hostile(
                topic,
                "not-wire-format",
                new byte[] {1, 2, 3},
                "not in the Schema Registry wire format",
                expectedReason));
        records.add(record(topic, "good-2", wire(ITEM_ID, item(2, "after the hostile ones", 2))));
        records.add(record(topic, "good-3", wire(ITEM_ID, item(3, "last", 1))));
        produce(records);

        Path gcLog = dir.resolve("gc.log");
        Map<String, String> properties = new LinkedHashMap<>(infra().springProperties());
        properties.put("spring.kafka.consumer.group-id", unique("hostile-avro"));
        properties.put("server.port", "0");
        properties.put("sink.limits.max-string-size", "1MB");
        properties.put("sink.routes[0].name", "items");
        properties.put(
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".items SELECT * FROM " + topic
                        + " PROPERTIES('value-format'='avro', 'schema-registry-url'='" + registryUrl() + "')");
        try (SinkProcess sink = SinkProcess.of(
                        "hostile-avro",
                        properties,
                        List.of(
                                "-Xms64m",
                                "-Xmx512m",
                                "-XX:+UseSerialGC",
                                "-XX:+ExitOnOutOfMemoryError",
                                "-Xlog:gc:file=" + gcLog))
                .start()) {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(ids(keyspace)).containsExactlyInAnyOrder(1, 2, 3));

            List<ConsumerRecord<byte[], byte[]>> parked =
                    readAll(topic + ".DLT", expectedReason.size(), Duration.ofSeconds(60));
            Map<String, String> parkedReason = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : parked) {
                assertThat(header(record, DeadLetterPublisher.STAGE)).isEqualTo("decode");
                parkedReason.put(header(record, "test-name"), header(record, "kafka_dlt-exception-message"));
            }
            assertThat(parked).as("each hostile record parked once").hasSize(expectedReason.size());
            assertThat(parkedReason).containsOnlyKeys(expectedReason.keySet());
            expectedReason.forEach((name, reason) ->
                    assertThat(parkedReason.get(name)).as(name).contains(reason));
            assertThat(ids(keyspace).size() + parked.size())
                    .as("rows + dead letters = records")
                    .isEqualTo(records.size());
            assertThat(sink.isAlive()).as("the service is alive").isTrue();
            System.out.printf(
                    "HOSTILE-AVRO records=%d rows=%d dead_letters=%d heap_peak_before_gc_mib=%d heap_max_mib=512%n",
                    records.size(), ids(keyspace).size(), parked.size(), peakHeapMib(gcLog));
        }
    }

    private static String registryUrl() {
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    private static Avro item(int id, String name, int tags) {
        Avro avro = new Avro().varlong(id).string(name);
        if (tags > 0) {
            avro.varlong(tags);
            for (int i = 0; i < tags; i++) {
                avro.varlong(i);
            }
        }
        return avro.varlong(0).varlong(2).raw(0xCA, 0xFE);
    }

    /** The Schema Registry wire format: magic byte 0, the 4-byte schema id, then the Avro body. */
    private static byte[] wire(int schemaId, Avro body) {
        byte[] bytes = body.toArray();
        return ByteBuffer.allocate(5 + bytes.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(bytes)
                .array();
    }

    private static ProducerRecord<byte[], byte[]> hostile(
            String topic, String name, byte[] value, String reason, Map<String, String> expected) {
        expected.put(name, reason);
        return record(topic, name, value);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String name, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, value);
        record.headers().add("test-name", name.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * MIB);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    private static List<Integer> ids(String keyspace) {
        return cql().execute("SELECT id FROM " + keyspace + ".items").all().stream()
                .map(r -> r.getInt(0))
                .toList();
    }

    /** The most heap in use before any collection, from the sink's GC log ({@code GC(n) Pause ... 87M->12M(123M)}). */
    private static long peakHeapMib(Path gcLog) throws IOException {
        Matcher pause = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)").matcher(Files.readString(gcLog));
        long peak = 0;
        while (pause.find()) {
            peak = Math.max(peak, Long.parseLong(pause.group(1)));
        }
        return peak;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Avro binary written by hand, so that a record can declare what no Avro writer would. */
    static final class Avro {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** A zig-zag variable-length long: Avro's int and long, and every length and count. */
        Avro varlong(long value) {
            long n = (value << 1) ^ (value >> 63);
            while ((n & ~0x7FL) != 0) {
                out.write((int) ((n & 0x7F) | 0x80));
                n >>>= 7;
            }
            out.write((int) n);
            return this;
        }

        Avro string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            varlong(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Avro raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
