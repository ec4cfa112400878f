package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.sun.net.httpserver.HttpServer;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.AvroDecoder;
import io.kcsink.format.ConnectJsonDecoder;
import io.kcsink.format.DecodeLimits;
import io.kcsink.format.JsonDecoder;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.SchemaRegistryClient;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.format.StringDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the per-record step, decode and map ({@link SinkListener#decodeAndMap}), over every format
 * a route can read: whatever the bytes, they become a row or a {@link RecordFailureException} at stage decode or map,
 * never another exception or an error. The first byte of an input picks the route; for the Schema Registry route the
 * second picks the schema id (a good schema, a recursive one, one nested too deep, one with a huge {@code fixed}, one
 * the registry does not know, one of arrays of nulls, one recursive without end) and the rest is the Avro body. Each
 * input may also allocate only so much, so that a record declaring far more than it holds fails the test too.
 *
 * <p>In a normal build Jazzer replays the inputs under {@code src/test/resources/io/kcsink/ingest/
 * DecodeAndMapFuzzTestInputs/everyRecordBecomesARowOrARecordFailure} as a unit test; {@code JAZZER_FUZZ=1} makes it
 * fuzz (docs/fuzzing.md).
 */
class DecodeAndMapFuzzTest {

    /** Smaller than the defaults, so that each input is quick, and the same in kind. */
    static final DecodeLimits LIMITS = new DecodeLimits(64 * 1024, 10_000, 32);

    static final String ORDER = """
            {"type":"record","name":"order","fields":[
              {"name":"id","type":"int"},
              {"name":"name","type":["null","string"]},
              {"name":"qty","type":"long"},
              {"name":"price","type":"double"},
              {"name":"ratio","type":"float"},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":2}},
              {"name":"tags","type":{"type":"array","items":"int"}},
              {"name":"attrs","type":{"type":"map","values":"int"}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"blob","type":"bytes"},
              {"name":"flag","type":"boolean"},
              {"name":"uid","type":{"type":"string","logicalType":"uuid"}},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
              {"name":"code","type":{"type":"fixed","name":"Code","size":4}},
              {"name":"address","type":{"type":"record","name":"Address","fields":[
                {"name":"city","type":"string"}]}}]}
            """;

    /** Schema ids the registry route may read, by the second byte of an input. */
    static final int[] SCHEMA_IDS = {1, 2, 3, 4, 5, 6, 7};

    static final Map<Integer, String> REGISTRY = Map.of(
            1, ORDER,
            2,
                    "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
                            + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}",
            3, "{\"type\":\"array\",\"items\":".repeat(40) + "\"int\"" + "}".repeat(40),
            4,
                    "{\"type\":\"record\",\"name\":\"Blob\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
                            + "{\"name\":\"blob\",\"type\":{\"type\":\"fixed\",\"name\":\"Huge\",\"size\":1000000000}}]}",
            6,
                    "{\"type\":\"record\",\"name\":\"Nulls\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
                            + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}",
            7, "{\"type\":\"record\",\"name\":\"Loop\",\"fields\":[{\"name\":\"next\",\"type\":\"Loop\"}]}");

    /**
     * What one record may cost in allocations: a fixed amount and a share per byte of the record. A record that
     * declares more than it holds, which the limits refuse before allocating, would cost far more: 16 million nulls in
     * 8 bytes, a gigabyte {@code fixed} in 6.
     */
    static final long MAX_ALLOCATION = 8 * 1024 * 1024;

    static final long ALLOCATION_PER_BYTE = 256;

    /** What loading a class or two while decoding a record a second time may allocate besides. */
    static final long FIRST_USE_ALLOCATION = 56 * 1024 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private static final HttpServer SERVER = registry();
    private static final List<SinkRoute> ROUTES = routes();

    @FuzzTest(maxDuration = "5m")
    void everyRecordBecomesARowOrARecordFailure(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int route = (input[0] & 0xff) % ROUTES.size();
        byte[] value = Arrays.copyOfRange(input, 1, input.length);
        if (route == ROUTES.size() - 1) {
            value = wire(value);
        }
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 0, 42L, null, value);
        SinkRoute sinkRoute = ROUTES.get(route);
        Allocation cost = rowOrRecordFailure(record, sinkRoute);
        if (cost.loadedClasses()) {
            // Loading (and, when fuzzing, instrumenting) the classes of a code path the first time costs far more than
            // any record: the second time tells what the record itself costs.
            cost = rowOrRecordFailure(record, sinkRoute);
        }
        assertThat(cost.bytes())
                .as("bytes allocated to decode and map %d bytes", input.length)
                .isLessThanOrEqualTo((cost.loadedClasses() ? FIRST_USE_ALLOCATION : 0)
                        + MAX_ALLOCATION
                        + ALLOCATION_PER_BYTE * input.length);
    }

    /** What decoding and mapping one record allocated on this thread, and whether it loaded classes meanwhile. */
    private record Allocation(long bytes, boolean loadedClasses) {}

    /** Decodes and maps the record, asserting that it becomes a row or a record failure at stage decode or map. */
    private static Allocation rowOrRecordFailure(ConsumerRecord<byte[], byte[]> record, SinkRoute route) {
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            Row row = SinkListener.decodeAndMap(record, route);
            assertThat(row.primaryKey()).isNotEmpty();
        } catch (RecordFailureException failure) {
            assertThat(failure.stage()).isIn(Stage.DECODE, Stage.MAP);
            assertThat(failure.getMessage()).isNotBlank();
        }
        return new Allocation(
                THREADS.getCurrentThreadAllocatedBytes() - before, CLASSES.getTotalLoadedClassCount() != classes);
    }

    @AfterAll
    static void stopRegistry() {
        SERVER.stop(0);
    }

    /** The registry route's value: magic byte, the schema id picked by the first byte, then the rest as the body. */
    private static byte[] wire(byte[] rest) {
        int id = rest.length == 0 ? SCHEMA_IDS[0] : SCHEMA_IDS[(rest[0] & 0xff) % SCHEMA_IDS.length];
        int body = Math.max(0, rest.length - 1);
        return ByteBuffer.allocate(5 + body)
                .put((byte) 0)
                .putInt(id)
                .put(rest, Math.min(1, rest.length), body)
                .array();
    }

    private static List<SinkRoute> routes() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        columns.put("id", DataTypes.INT);
        columns.put("name", DataTypes.TEXT);
        columns.put("qty", DataTypes.BIGINT);
        columns.put("price", DataTypes.DOUBLE);
        columns.put("ratio", DataTypes.FLOAT);
        columns.put("amount", DataTypes.DECIMAL);
        columns.put("tags", DataTypes.listOf(DataTypes.INT));
        columns.put("attrs", DataTypes.mapOf(DataTypes.TEXT, DataTypes.INT));
        columns.put("at", DataTypes.TIMESTAMP);
        columns.put("day", DataTypes.DATE);
        columns.put("blob", DataTypes.BLOB);
        columns.put("flag", DataTypes.BOOLEAN);
        columns.put("uid", DataTypes.UUID);
        columns.put("kind", DataTypes.ASCII);
        columns.put("code", DataTypes.BLOB);
        columns.put("city", DataTypes.TEXT);
        columns.put("next", DataTypes.TEXT);
        List<ColumnSchema> schema = new ArrayList<>();
        columns.forEach((name, type) -> schema.add(new ColumnSchema(
                name, type, name.equals("id") ? ColumnSchema.Kind.PARTITION_KEY : ColumnSchema.Kind.REGULAR)));
        TableSchema table = new TableSchema("demo", "orders", schema);
        String registryUrl = "http://127.0.0.1:" + SERVER.getAddress().getPort();
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl, SchemaRegistrySettings.DEFAULTS, LIMITS);
        return List.of(
                route(table, new JsonDecoder(LIMITS)),
                route(table, new ConnectJsonDecoder(LIMITS)),
                route(table, new StringDecoder()),
                route(table, AvroDecoder.withSchema(new Schema.Parser().parse(ORDER), LIMITS)),
                route(table, AvroDecoder.withRegistry(registry)));
    }

    private static SinkRoute route(TableSchema table, RecordDecoder values) {
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT *, address.city AS city FROM orders")
                                .get(0),
                        table),
                new StringDecoder(),
                values);
    }

    /** A Schema Registry for the registry route, in this JVM for as long as it runs. */
    private static HttpServer registry() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/schemas/ids/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
                String schema = REGISTRY.get(Integer.parseInt(id));
                byte[] body = (schema == null
                                ? "{\"error_code\":40403,\"message\":\"Schema not found\"}"
                                : "{\"schema\":" + quoted(schema) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
