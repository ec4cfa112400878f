package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Compiling a route with its own statement against what the cluster says of it (here a scripted cluster): every
 * problem at once, each naming the option it was set by, and the rows its markers make.
 */
class CustomCqlCompilerTest {

    private static final TableSchema CARTS = new TableSchema(
            "shop",
            "carts",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("items", DataTypes.listOf(DataTypes.TEXT), ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("owner", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("updated", DataTypes.TIMESTAMP, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("visits", DataTypes.COUNTER, ColumnSchema.Kind.REGULAR)));

    private static final String APPEND =
            "UPDATE shop.carts SET items = items + :items, updated = :updated" + " WHERE id = :id";

    private final List<String> prepared = new ArrayList<>();

    @Test
    void appendsTheRecordsFieldsAndReadsTheKeyFromTheWhereClause() {
        RoutePlan plan = compile(
                Map.of("cql", APPEND, "bind.items", "added", "bind.updated", "_timestamp"),
                marker("items", DataTypes.listOf(DataTypes.TEXT)),
                marker("updated", DataTypes.TIMESTAMP),
                marker("id", DataTypes.INT));

        Row row = plan.map(record(object("id", "7", "added", List.of("apple"))));

        assertThat(plan.insert().cql()).isEqualTo(APPEND);
        assertThat(row.values()).containsExactly(List.of("apple"), Instant.ofEpochMilli(1_462_542_780_000L), 7);
        assertThat(row.primaryKey()).containsExactly(7);
        assertThat(plan.customCql()).isTrue();
        assertThat(plan.idempotent())
                .as("a list append applied twice adds twice")
                .isFalse();
        assertThat(plan.conditional()).isFalse();
        assertThat(plan.bindings())
                .extracting(ColumnBinding::column, ColumnBinding::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(":items", "added"),
                        org.assertj.core.groups.Tuple.tuple(":updated", "_timestamp"),
                        org.assertj.core.groups.Tuple.tuple(":id", "id"));
    }

    @Test
    void leavesAMissingValueUnsetAndFailsARecordWithoutItsKey() {
        RoutePlan plan = compile(
                Map.of("cql", "UPDATE shop.carts SET owner = :owner WHERE id = :id"),
                marker("owner", DataTypes.TEXT),
                marker("id", DataTypes.INT));

        assertThat(plan.map(record(object("id", 1))).values()).containsExactly(Row.UNSET, 1);
        assertThat(plan.idempotent()).isTrue();
        assertThatThrownBy(() -> plan.map(record(object("owner", "ann"))))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("marker :id has no value: the path is missing from the record");
        assertThatThrownBy(() -> plan.map(record(object("id", "seven"))))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("marker :id");
        assertThatThrownBy(() -> plan.map(record(null)))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("a tombstone");
    }

    @Test
    void addsTheRoutesTtlAndWriteTimeAsUsingWhenTheStatementHasNone() {
        RoutePlan plan = compile(
                Map.of(
                        "cql",
                        "UPDATE shop.carts SET owner = :owner WHERE id = :id",
                        "ttl",
                        "60",
                        "write-time",
                        "record-timestamp"),
                marker("sink_ttl", DataTypes.INT),
                marker("sink_write_time", DataTypes.BIGINT),
                marker("owner", DataTypes.TEXT),
                marker("id", DataTypes.INT));

        assertThat(prepared)
                .containsExactly("UPDATE shop.carts USING TTL :sink_ttl AND TIMESTAMP :sink_write_time"
                        + " SET owner = :owner WHERE id = :id");
        DecodedRecord record =
                new DecodedRecord("carts", 0, 1L, 1L, null, object("id", 1, "owner", "ann"), Map.of(), 5L);
        assertThat(plan.map(record).values()).containsExactly(60, 5L, "ann", 1);
    }

    @Test
    void readsTheStatementsOwnTtlInSecondsAndWriteTimeFromTheRecordTimestamp() {
        RoutePlan plan = compile(
                Map.of(
                        "cql",
                        "UPDATE shop.carts USING TTL :ttl AND TIMESTAMP :ts SET owner = :owner WHERE id = :id",
                        "bind.ts",
                        "_timestamp"),
                marker("ttl", DataTypes.INT),
                marker("ts", DataTypes.BIGINT),
                marker("owner", DataTypes.TEXT),
                marker("id", DataTypes.INT));

        assertThat(plan.map(record(object("id", 1, "owner", "ann", "ttl", 90))).values())
                .containsExactly(90, 1_462_542_780_000_000L, "ann", 1);
        assertThat(plan.map(record(object("id", 1, "owner", "ann"))).values()[0])
                .isEqualTo(Row.UNSET);
    }

    @Test
    void aConditionalUpdateIsWrittenAloneAndACounterUpdateInCounterBatches() {
        RoutePlan conditional = compile(
                Map.of("cql", "UPDATE shop.carts SET owner = :owner WHERE id = :id IF owner = :previous"),
                marker("owner", DataTypes.TEXT),
                marker("id", DataTypes.INT),
                marker("previous", DataTypes.TEXT));
        RoutePlan counter = compile(
                Map.of("cql", "UPDATE shop.carts SET visits = visits + :n WHERE id = :id"),
                marker("n", DataTypes.COUNTER),
                marker("id", DataTypes.INT));

        assertThat(conditional.conditional()).isTrue();
        assertThat(conditional.idempotent()).isFalse();
        assertThat(conditional
                        .map(record(object("id", 1, "owner", "bob", "previous", null)))
                        .values())
                .containsExactly("bob", 1, null);
        assertThat(counter.counter()).isTrue();
        assertThat(counter.idempotent()).isFalse();
        assertThat(counter.map(record(object("id", 1, "n", 3))).values()).containsExactly(3L, 1);
    }

    @Test
    void aDeleteTakesTombstonesByTheirKey() {
        RoutePlan plan = compile(
                Map.of("cql", "DELETE FROM shop.carts WHERE id = :id", "bind.id", "_key"), marker("id", DataTypes.INT));

        assertThat(plan.map(new DecodedRecord("carts", 0, 1L, 1L, "4", null, Map.of()))
                        .values())
                .containsExactly(4);
    }

    @Test
    void reportsEveryProblemOfTheMarkersAtOnce() {
        List<MappingProblem> problems = problems(
                Map.of(
                        "cql",
                        "UPDATE shop.carts SET items = items + :items, owner = :owner, updated = :updated"
                                + " WHERE id = :id",
                        "bind.updated",
                        "'yesterday'",
                        "bind.colour",
                        "paint",
                        "bind.owner",
                        "a..b"),
                marker("items", DataTypes.custom("org.example.Bag")),
                marker("owner", DataTypes.TEXT),
                marker("updated", DataTypes.TIMESTAMP),
                marker("id", DataTypes.INT));

        assertThat(problems)
                .extracting(MappingProblem::option)
                .containsExactlyInAnyOrder("bind.owner", "cql", "bind.updated", "bind.colour");
        assertThat(text(problems))
                .anySatisfy(p -> assertThat(p).contains("path of marker :owner does not parse"))
                .anySatisfy(p -> assertThat(p)
                        .contains("path 'items', column 'items': marker :items: custom type")
                        .contains("is not supported"))
                .anySatisfy(p -> assertThat(p)
                        .contains("path ''yesterday'', column 'updated': marker :updated: can never convert to"
                                + " timestamp"))
                .anySatisfy(p -> assertThat(p)
                        .contains("the route's cql has no marker :colour (its markers: [:items, :owner, :updated,"
                                + " :id])"));
    }

    @Test
    void reportsTheWrongTableAndOptionsThatDoNotApplyWithoutPreparing() {
        List<MappingProblem> problems = problems(Map.of(
                "cql",
                "UPDATE shop.orders USING TTL 5 SET owner = :owner WHERE id = :id",
                "ttl",
                "60",
                "delete-on-null",
                "true",
                "if-not-exists",
                "true",
                "counters",
                "true"));

        assertThat(prepared).isEmpty();
        assertThat(problems)
                .extracting(MappingProblem::option)
                .containsExactlyInAnyOrder("cql", "ttl", "delete-on-null", "if-not-exists", "counters");
        assertThat(text(problems))
                .anySatisfy(p ->
                        assertThat(p).contains("the route's cql writes shop.orders, not the route's table shop.carts"))
                .anySatisfy(p -> assertThat(p).contains("has its own USING"))
                .anySatisfy(p -> assertThat(p).contains("make the route's cql a DELETE"));
    }

    @Test
    void reportsWhatTheClusterRefusesAndAnUnnamedMarker() {
        PreparedCql.Preparer refusing = cql -> PreparedCql.refused("Undefined column name colour in table shop.carts");

        RouteValidationException refused = catchThrowableOfType(
                RouteValidationException.class,
                () -> RoutePlanCompiler.compile(
                        spec(Map.of("cql", "UPDATE shop.carts SET colour = :colour WHERE id = :id")), CARTS, refusing));
        List<MappingProblem> unnamed = problems(Map.of("cql", "UPDATE shop.carts SET owner = ? WHERE id = :id"));

        assertThat(text(refused.problems()))
                .containsExactly("route 'carts': Cassandra refuses to prepare the route's cql: Undefined column name"
                        + " colour in table shop.carts");
        assertThat(text(unnamed))
                .containsExactly("route 'carts': cql the marker '?' at character 31 has no name to bind it by; name"
                        + " every marker, as in ':id'");
    }

    @Test
    void bindWithoutCqlIsAProblemOfAGeneratedRoute() {
        RouteSpec spec = new RouteSpec(
                "carts", List.of("carts"), null, "shop", "carts", List.of(), true, Set.of(), Map.of("bind.id", "_key"));

        assertThatThrownBy(() -> RoutePlanCompiler.compile(spec, CARTS))
                .isInstanceOf(RouteValidationException.class)
                .hasMessageContaining("bind.id binds a marker, but the route has no cql of its own");
    }

    private RoutePlan compile(Map<String, String> properties, PreparedCql.Marker... markers) {
        return RoutePlanCompiler.compile(spec(properties), CARTS, cql -> {
            prepared.add(cql);
            return PreparedCql.prepared(List.of(markers));
        });
    }

    private List<MappingProblem> problems(Map<String, String> properties, PreparedCql.Marker... markers) {
        RouteValidationException ex =
                catchThrowableOfType(RouteValidationException.class, () -> compile(properties, markers));
        assertThat(ex).as("the route is refused").isNotNull();
        return ex.problems();
    }

    private static RouteSpec spec(Map<String, String> properties) {
        return new RouteSpec(
                "carts",
                List.of("carts"),
                null,
                "shop",
                "carts",
                List.of(),
                true,
                Set.of(),
                new LinkedHashMap<>(properties));
    }

    private static PreparedCql.Marker marker(String name, DataType type) {
        return new PreparedCql.Marker(name, type);
    }

    private static DecodedRecord record(Object value) {
        return Fixtures.record(null, value);
    }

    private static List<String> text(List<MappingProblem> problems) {
        return problems.stream().map(MappingProblem::toString).toList();
    }
}
