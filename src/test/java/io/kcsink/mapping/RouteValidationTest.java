package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteValidationTest {

    private static List<MappingProblem> problems(String kcql, TableSchema table) {
        RouteValidationException e = catchThrowableOfType(
                RouteValidationException.class,
                () -> RoutePlanCompiler.compile(Kcql.parse("orders", kcql).get(0), table));
        assertThat(e).as("expected a RouteValidationException").isNotNull();
        return e.problems();
    }

    @Test
    void listsEveryProblemAtOnceEachNamingRoutePathAndColumn() {
        List<MappingProblem> problems = problems(
                "INSERT INTO demo.orders SELECT id, nope AS missing, 'abc' AS qty, _offset AS product"
                        + " FROM orders-topic PROPERTIES('ttl'='-5', 'null-policy'='sometimes', 'colour'='blue')",
                orders());

        assertThat(problems)
                .extracting(MappingProblem::path, MappingProblem::column)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("nope", "missing"),
                        org.assertj.core.groups.Tuple.tuple("'abc'", "qty"),
                        org.assertj.core.groups.Tuple.tuple(null, "created"));
        assertThat(problems).allSatisfy(problem -> assertThat(problem.route()).isEqualTo("orders"));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).contains("has no column 'missing'"));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m ->
                        assertThat(m).startsWith("can never convert to int: cannot convert String \"abc\" to int"));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).contains("primary key column is not mapped"));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("ttl must be 0.."));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("null-policy must be unset or write-null"));
        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("unknown property 'colour'"));
        assertThat(problems).hasSize(6);
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        assertThatThrownBy(() -> RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id AS nope FROM t")
                                .get(0),
                        orders()))
                .isInstanceOf(RouteValidationException.class)
                .hasMessageContaining("3 mapping problems:\n  - ")
                .hasMessageContaining(
                        "route 'orders', path 'id', column 'nope': table demo.orders has no column 'nope'")
                .hasMessageContaining("route 'orders', column 'id': primary key column is not mapped")
                .hasMessageContaining("route 'orders', column 'created': primary key column is not mapped");
    }

    @Test
    void rejectsMetadataThatCanNeverConvert() {
        List<MappingProblem> problems = problems(
                "INSERT INTO demo.t SELECT id, _offset AS flag, now() AS ref, uuid() AS event, _topic AS num FROM t1",
                Fixtures.table(
                        "flag",
                        DataTypes.BOOLEAN,
                        "ref",
                        DataTypes.TEXT,
                        "event",
                        DataTypes.TIMEUUID,
                        "num",
                        DataTypes.INT));

        assertThat(problems).extracting(MappingProblem::column).containsExactlyInAnyOrder("flag", "event", "num");
    }

    @Test
    void selectStarWithAnIgnoredPrimaryKeyColumnIsAStartUpProblem() {
        List<MappingProblem> problems = problems("INSERT INTO demo.orders SELECT * FROM t IGNORE created", orders());

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.column()).isEqualTo("created");
            assertThat(problem.message()).contains("primary key column is in IGNORE");
        });
    }

    @Test
    void explicitColumnsWithAnIgnoredPrimaryKeyColumnAreAStartUpProblem() {
        List<MappingProblem> problems =
                problems("INSERT INTO demo.orders SELECT id, created FROM t IGNORE created", orders());

        assertThat(problems).extracting(MappingProblem::column).containsExactly("created");
    }

    @Test
    void rejectsBadOptionValues() {
        List<MappingProblem> problems = problems(
                "INSERT INTO demo.orders SELECT * FROM t PROPERTIES('consistency'='MOSTLY', 'write-time'='later',"
                        + " 'delete-on-null'='yes', 'if-not-exists'='1', 'timestamp-pattern'='yyyy-MM-dd{{',"
                        + " 'ttl'='soon', 'timestamp-pattern.nope'='yyyy')",
                orders());

        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("consistency 'MOSTLY' is not a consistency level"))
                .anySatisfy(m -> assertThat(m).startsWith("write-time must be none, record-timestamp or path:<path>"))
                .anySatisfy(m -> assertThat(m).startsWith("delete-on-null must be true or false"))
                .anySatisfy(m -> assertThat(m).startsWith("if-not-exists must be true or false"))
                .anySatisfy(
                        m -> assertThat(m).startsWith("timestamp-pattern 'yyyy-MM-dd{{' is not a date-time pattern"))
                .anySatisfy(m -> assertThat(m).startsWith("ttl must be whole seconds"))
                .anySatisfy(m -> assertThat(m).startsWith("timestamp-pattern.nope names no column"))
                .anySatisfy(m -> assertThat(m).startsWith("timestamp-pattern.nope 'yyyy' does not read back"));
        assertThat(problems).hasSize(8);
    }

    @Test
    void rejectsIfNotExistsWithAWriteTime() {
        assertThat(problems(
                        "INSERT INTO demo.orders SELECT * FROM t"
                                + " PROPERTIES('if-not-exists'='true', 'write-time'='record-timestamp')",
                        orders()))
                .extracting(MappingProblem::message)
                .singleElement()
                .asString()
                .contains("if-not-exists cannot be combined with write-time");
    }

    @Test
    void rejectsUnparseablePathsFromYamlRoutes() {
        RouteSpec spec = new RouteSpec(
                "yaml",
                List.of("t"),
                null,
                "demo",
                "orders",
                List.of(new ColumnSpec("id", "id"), new ColumnSpec("created", "a..b")),
                false,
                Set.of(),
                Map.of("ttl-path", "x["));

        RouteValidationException e =
                catchThrowableOfType(RouteValidationException.class, () -> RoutePlanCompiler.compile(spec, orders()));

        assertThat(e.problems()).extracting(MappingProblem::path).containsExactlyInAnyOrder("a..b", "x[");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("path does not parse"));
    }

    @Test
    void rejectsAColumnMappedTwice() {
        assertThat(problems("INSERT INTO demo.orders SELECT id, created, product, qty AS product FROM t", orders()))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("column is mapped more than once"));
    }

    @Test
    void rejectsRoutesWithoutTopicsOrWithABadTopicPattern() {
        RouteSpec noTopic = new RouteSpec("r", List.of(), null, null, "orders", List.of(), true, Set.of(), Map.of());
        RouteSpec badPattern =
                new RouteSpec("r", List.of(), "orders-(", null, "orders", List.of(), true, Set.of(), Map.of());

        assertThatThrownBy(() -> RoutePlanCompiler.compile(noTopic, orders())).hasMessageContaining("no topic");
        assertThatThrownBy(() -> RoutePlanCompiler.compile(badPattern, orders()))
                .hasMessageContaining("topic pattern is not a regex");
    }

    @Test
    void matchesTopicsByPattern() {
        RouteSpec spec =
                new RouteSpec("r", List.of(), "orders-.*", null, "orders", List.of(), true, Set.of(), Map.of());

        RoutePlan plan = RoutePlanCompiler.compile(spec, orders());

        assertThat(plan.matchesTopic("orders-eu")).isTrue();
        assertThat(plan.matchesTopic("payments")).isFalse();
        assertThat(plan.topicPattern()).isNotNull();
    }

    @Test
    void rejectsCounterColumnsUnlessCountersAreOn() {
        TableSchema counters = new TableSchema(
                "demo",
                "hits",
                List.of(
                        new ColumnSchema("page", DataTypes.TEXT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("hits", DataTypes.COUNTER, ColumnSchema.Kind.REGULAR)));

        assertThat(problems("INSERT INTO demo.hits SELECT * FROM t", counters))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("set property counters=true"));
    }
}
