package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Writer schemas whose values could exhaust the stack or the heap are refused before any record is read with them. */
class AvroSchemaLimitsTest {

    private static final DecodeLimits LIMITS = new DecodeLimits(1024, 1000, 10);

    @Test
    void refusesARecordThatContainsItselfNamingThePath() {
        Schema node = parse("""
                {"type":"record","name":"Node","namespace":"demo","fields":[
                  {"name":"value","type":"int"},
                  {"name":"next","type":"Node"}]}
                """);

        assertThat(AvroSchemaLimits.violation(node, LIMITS))
                .startsWith("it is recursive: record demo.Node contains itself at next");
    }

    @Test
    void refusesRecursionThroughAnOptionalFieldAnArrayOrAnotherRecord() {
        Schema optional = parse("""
                {"type":"record","name":"List","fields":[{"name":"tail","type":["null","List"]}]}
                """);
        Schema tree = parse("""
                {"type":"record","name":"Tree","fields":[
                  {"name":"children","type":{"type":"array","items":"Tree"}}]}
                """);
        Schema mutual = parse("""
                {"type":"record","name":"A","fields":[
                  {"name":"b","type":{"type":"record","name":"B","fields":[
                    {"name":"map","type":{"type":"map","values":"A"}}]}}]}
                """);

        assertThat(AvroSchemaLimits.violation(optional, LIMITS)).contains("record List contains itself at tail");
        assertThat(AvroSchemaLimits.violation(tree, LIMITS)).contains("record Tree contains itself at children[]");
        assertThat(AvroSchemaLimits.violation(mutual, LIMITS)).contains("record A contains itself at b.map{}");
    }

    @Test
    void acceptsNestingAsDeepAsTheLimitAndRefusesOneLevelMore() {
        assertThat(AvroSchemaLimits.violation(nestedArrays(10), LIMITS)).isNull();
        assertThat(AvroSchemaLimits.violation(nestedArrays(11), LIMITS))
                .isEqualTo("its values nest records, arrays and maps more than sink.limits.max-depth (10) levels deep,"
                        + " at [][][][][][][][][][]");
    }

    @Test
    void countsRecordsArraysAndMapsButNotUnions() {
        // record > map > union > array > record: four levels.
        Schema schema = parse("""
                {"type":"record","name":"Outer","fields":[{"name":"m","type":{"type":"map","values":
                  ["null",{"type":"array","items":{"type":"record","name":"Inner","fields":[
                    {"name":"x","type":"int"}]}}]}}]}
                """);

        assertThat(AvroSchemaLimits.violation(schema, new DecodeLimits(1024, 1000, 4)))
                .isNull();
        assertThat(AvroSchemaLimits.violation(schema, new DecodeLimits(1024, 1000, 3)))
                .contains("more than sink.limits.max-depth (3)")
                .contains("at m{}[]");
    }

    @Test
    void refusesDepthBuiltFromNamedReferencesInAFlatDocument() {
        // Each record is defined at the top level and refers to the one before it by name, so the schema's JSON is
        // two levels deep while its values nest 12 records deep.
        StringBuilder fields = new StringBuilder("{\"name\":\"f0\",\"type\":{\"type\":\"record\",\"name\":\"R0\","
                + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}}");
        for (int i = 1; i < 12; i++) {
            fields.append(",{\"name\":\"f")
                    .append(i)
                    .append("\",\"type\":{\"type\":\"record\",\"name\":\"R")
                    .append(i)
                    .append("\",\"fields\":[{\"name\":\"inner\",\"type\":\"R")
                    .append(i - 1)
                    .append("\"}]}}");
        }
        Schema flat = parse("{\"type\":\"record\",\"name\":\"Top\",\"fields\":[" + fields + "]}");

        assertThat(AvroSchemaLimits.violation(flat, LIMITS)).contains("more than sink.limits.max-depth (10)");
    }

    @Test
    void checksARecordUsedInManyPlacesOnceSoThatSharingCannotMakeTheCheckExponential() {
        // Level i has two fields of level i-1's type: 2^40 paths through a schema of 40 records.
        StringBuilder schema = new StringBuilder(
                "{\"type\":\"record\",\"name\":\"L0\",\"fields\":[{\"name\":\"x\"," + "\"type\":\"int\"}]}");
        for (int i = 1; i <= 40; i++) {
            schema = new StringBuilder("{\"type\":\"record\",\"name\":\"L" + i + "\",\"fields\":[{\"name\":\"a\","
                    + "\"type\":" + schema + "},{\"name\":\"b\",\"type\":\"L" + (i - 1) + "\"}]}");
        }
        Schema shared = parse(schema.toString());

        String violation = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> AvroSchemaLimits.violation(shared, new DecodeLimits(1024, 1000, 50)));

        assertThat(violation).isNull();
    }

    @Test
    void refusesAFixedLargerThanTheStringLimit() {
        Schema fits = parse("{\"type\":\"fixed\",\"name\":\"Small\",\"size\":1024}");
        Schema huge = parse("""
                {"type":"record","name":"Blob","fields":[
                  {"name":"data","type":{"type":"fixed","name":"Huge","size":1000000000}}]}
                """);

        assertThat(AvroSchemaLimits.violation(fits, LIMITS)).isNull();
        assertThat(AvroSchemaLimits.violation(huge, LIMITS))
                .isEqualTo("fixed Huge at data declares 1000000000 bytes, more than sink.limits.max-string-size"
                        + " (1024 bytes)");
    }

    @Test
    void aFileSchemaThatBreaksTheLimitsIsRefusedWhenTheDecoderIsMade() {
        Schema node =
                parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":\"Node\"}]}");

        assertThatThrownBy(() -> AvroDecoder.withSchema(node, LIMITS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Avro schema Node is refused: it is recursive: record Node contains itself at next;"
                        + " a recursive schema's values can nest without end, and Cassandra has no type to hold them");
    }

    static Schema nestedArrays(int depth) {
        return parse("{\"type\":\"array\",\"items\":".repeat(depth) + "\"int\"" + "}".repeat(depth));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
