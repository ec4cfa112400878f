package io.kcsink.bench;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.AvroDecoder;
import io.kcsink.format.JsonDecoder;
import io.kcsink.format.RecordDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode + map throughput of one thread on the seed record, the per-record CPU work of the sink before the write:
 * bytes to a {@link DecodedRecord} with the route's decoder, then {@link RoutePlan#map} to a {@link Row}. Run with
 * {@code bench/jmh}; no Kafka or Cassandra involved, the table schema is built in code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeAndMapBenchmark {

    static final String MYRECORD = "{\"type\": \"record\", \"name\": \"myrecord\", \"fields\": ["
            + "{\"name\": \"id\", \"type\": \"int\"}, {\"name\": \"created\", \"type\": \"string\"},"
            + "{\"name\": \"product\", \"type\": \"string\"}, {\"name\": \"price\", \"type\": \"double\"}]}";

    private final RecordDecoder json = new JsonDecoder();
    private RecordDecoder avro;
    private RoutePlan plan;
    private byte[] jsonValue;
    private byte[] avroValue;
    private long offset;

    @Setup
    public void setUp() throws IOException {
        TableSchema orders = new TableSchema(
                "demo",
                "orders",
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("created", DataTypes.TEXT, ColumnSchema.Kind.CLUSTERING),
                        new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                        new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR),
                        new ColumnSchema("price", DataTypes.FLOAT, ColumnSchema.Kind.REGULAR)));
        plan = RoutePlanCompiler.compile(
                Kcql.parse("orders", "INSERT INTO demo.orders SELECT * FROM orders-topic")
                        .get(0),
                orders);
        jsonValue = ("{\"id\": 1, \"created\": \"2016-05-06 13:53:00\", \"product\": \"OP-DAX-P-20150201-95.7\","
                        + " \"price\": 94.2}")
                .getBytes(StandardCharsets.UTF_8);

        Schema schema = new Schema.Parser().parse(MYRECORD);
        avro = AvroDecoder.withSchema(schema);
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", 1);
        record.put("created", "2016-05-06 13:53:00");
        record.put("product", "OP-DAX-P-20150201-95.7");
        record.put("price", 94.2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        avroValue = out.toByteArray();
    }

    @Benchmark
    public Row json() {
        return decodeAndMap(json, jsonValue);
    }

    @Benchmark
    public Row avro() {
        return decodeAndMap(avro, avroValue);
    }

    private Row decodeAndMap(RecordDecoder decoder, byte[] value) {
        Object decoded = decoder.decode("orders-topic", value);
        return plan.map(new DecodedRecord("orders-topic", 0, offset++, 1_462_542_780_000L, null, decoded, Map.of()));
    }
}
