package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.plan;
import static io.kcsink.mapping.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.AvroDecoder;
import io.kcsink.format.JsonDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TextJsonTest {

    private static final TableSchema TABLE =
            Fixtures.table("payload", DataTypes.TEXT, "note", DataTypes.TEXT, "qty", DataTypes.INT);

    private static Object payload(RoutePlan plan, Object value) {
        return plan.map(record(null, value)).values()[1];
    }

    @Test
    void withoutTheOptionAnObjectIntoTextIsStillRefusedNamingPathAndColumn() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT id, details AS payload FROM x", TABLE);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "details", object("a", 1)))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("details");
                    assertThat(e.column()).isEqualTo("payload");
                    assertThat(e.reason())
                            .contains(
                                    "becomes text only as its JSON text, with the route property" + " text-json=true");
                });
    }

    @Test
    void writesJsonObjectsAndArraysAsDecodedFieldOrderNumbersAndEscapesKept() {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, details AS payload FROM x PROPERTIES('text-json'='true')", TABLE);
        Object value = new JsonDecoder().decode("t", """
                        {"id": 1, "details": {"zeta": 12.50, "alpha": [1e3, 9007199254740993, true, null],
                         "quote": "say \\"hi\\"\\n\\u0001", "nested": {"b": 2, "a": 1}, "text": "Zoë 😀"}}
                        """.getBytes(StandardCharsets.UTF_8));

        Object json = payload(plan, value);

        assertThat(json)
                .isEqualTo("{\"zeta\":12.50,\"alpha\":[1E+3,9007199254740993,true,null],"
                        + "\"quote\":\"say \\\"hi\\\"\\n\\u0001\",\"nested\":{\"b\":2,\"a\":1},\"text\":\"Zoë 😀\"}");
        assertThat(payload(plan, value)).isEqualTo(json);
        assertThat(payload(plan, object("id", 1, "details", List.of("a", 2)))).isEqualTo("[\"a\",2]");
        assertThat(payload(plan, object("id", 1, "details", "plain text"))).isEqualTo("plain text");
    }

    @Test
    void writesAvroRecordsMapsArraysBytesFixedEnumsAndLogicalTypes() throws IOException {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Order","fields":[
                  {"name":"id","type":"int"},
                  {"name":"details","type":{"type":"record","name":"Details","fields":[
                    {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
                    {"name":"lines","type":{"type":"array","items":"string"}},
                    {"name":"attributes","type":{"type":"map","values":"long"}},
                    {"name":"raw","type":"bytes"},
                    {"name":"hash","type":{"type":"fixed","name":"Hash","size":2}},
                    {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":6,"scale":2}},
                    {"name":"ref","type":{"type":"string","logicalType":"uuid"}},
                    {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                    {"name":"ratio","type":"double"}]}}]}
                """);
        Schema details = schema.getField("details").schema();
        GenericRecord inner = new GenericData.Record(details);
        inner.put(
                "status", new GenericData.EnumSymbol(details.getField("status").schema(), "PAID"));
        inner.put("lines", List.of("a", "b"));
        inner.put("attributes", Map.of("weight", 3L));
        inner.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        inner.put("hash", new GenericData.Fixed(details.getField("hash").schema(), new byte[] {(byte) 0xff, 0}));
        Schema amount = details.getField("amount").schema();
        inner.put(
                "amount",
                new Conversions.DecimalConversion()
                        .toBytes(new BigDecimal("12.50"), amount, LogicalTypes.decimal(6, 2)));
        inner.put("ref", "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        inner.put("at", 1_462_542_780_123L);
        inner.put("ratio", 0.1);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", 1);
        order.put("details", inner);
        Object value = AvroDecoder.withSchema(schema).decode("t", encode(order, schema));
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT id, details AS payload FROM x PROPERTIES('text-json.payload'='true')",
                TABLE);

        assertThat(payload(plan, value))
                .isEqualTo("{\"status\":\"PAID\",\"lines\":[\"a\",\"b\"],\"attributes\":{\"weight\":3},"
                        + "\"raw\":\"AQID\",\"hash\":\"/wA=\",\"amount\":12.50,"
                        + "\"ref\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"at\":\"2016-05-06T13:53:00.123Z\","
                        + "\"ratio\":0.1}");
        assertThat(value)
                .extracting(v -> ((Map<?, ?>) ((Map<?, ?>) v).get("details")).get("ref"))
                .isInstanceOf(UUID.class);
    }

    @Test
    void aColumnsOwnOptionWinsOverTheRoutes() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT id, details AS payload, details AS note FROM x"
                        + " PROPERTIES('text-json'='true', 'text-json.note'='false')",
                TABLE);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "details", object("a", 1)))))
                .isInstanceOfSatisfying(
                        RecordMappingException.class,
                        e -> assertThat(e.column()).isEqualTo("note"));
        RoutePlan onlyNote =
                plan("INSERT INTO demo.t SELECT id, details AS note FROM x PROPERTIES('text-json.note'='true')", TABLE);
        assertThat(payload(onlyNote, object("id", 1, "details", object("a", 1))))
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void aLoneSurrogateInsideTheObjectIsStillRefused() {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, details AS payload FROM x PROPERTIES('text-json'='true')", TABLE);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "details", object("a", "\ud800")))))
                .isInstanceOfSatisfying(
                        RecordMappingException.class,
                        e -> assertThat(e.reason()).contains("lone surrogate"));
    }

    @Test
    void badValuesAndColumnsOfTheOptionAreStartUpProblems() {
        RouteValidationException e = catchThrowableOfType(
                RouteValidationException.class,
                () -> plan(
                        "INSERT INTO demo.t SELECT * FROM x PROPERTIES('text-json'='yes', 'text-json.nope'='true',"
                                + " 'text-json.qty'='true')",
                        TABLE));

        assertThat(e.problems())
                .extracting(MappingProblem::message)
                .containsExactlyInAnyOrder(
                        "text-json must be true or false, not 'yes'",
                        "text-json.nope names no column of the table",
                        "text-json.qty concerns text columns, and this one is int");
    }

    private static byte[] encode(GenericRecord record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        new GenericDatumWriter<GenericRecord>(schema, data).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
