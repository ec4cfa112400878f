package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcsink.config.SinkConfigurationException;
import io.kcsink.config.SinkProblem;
import io.kcsink.local.TestInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Routes that cannot work against the live schema stop the start-up with one message that lists every problem, of
 * every stage of every route.
 */
@Testcontainers
class StartupValidationIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static String keyspace;

    @BeforeAll
    static void createTable() {
        keyspace = unique("startup");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int, created text, product text, qty int,"
                + " PRIMARY KEY (id, created))");
    }

    @Test
    void reportsEveryProblemOfEveryRouteAtOnce() {
        Throwable failure = catchThrowable(() -> startSink(Map.of(
                "sink.routes[0].name",
                "unknown-column",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT id, created, product AS item FROM orders-topic",
                "sink.routes[1].name",
                "unmapped-key",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT id, product FROM orders-topic",
                "sink.routes[2].name",
                "never-converts",
                "sink.routes[2].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT id, created, 'many' AS qty FROM orders-topic",
                "sink.routes[3].name",
                "missing-table",
                "sink.routes[3].kcql",
                "INSERT INTO " + keyspace + ".no_such_table SELECT * FROM orders-topic")));

        SinkConfigurationException problems = configurationFailure(failure);
        assertThat(problems.problems())
                .map(SinkProblem::toString)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].kcql (route 'unknown-column', path 'product', column 'item'): table " + keyspace
                                + ".orders has no column 'item' (columns: [id, created, product, qty])",
                        "sink.routes[1].kcql (route 'unmapped-key', column 'created'): primary key column is not"
                                + " mapped; add '<path> AS created'",
                        "sink.routes[2].kcql (route 'never-converts', path ''many'', column 'qty'): can never convert"
                                + " to int: "
                                + problemText(
                                        problems,
                                        "sink.routes[2].kcql (route 'never-converts', path ''many'', column 'qty'):"
                                                + " can never convert to int: "),
                        "sink.routes[3].kcql (route 'missing-table'): table " + keyspace
                                + ".no_such_table does not exist");
        assertThat(problems.getMessage())
                .startsWith("4 problems with the sink's configuration:")
                .contains("route 'unknown-column'", "route 'unmapped-key'", "route 'never-converts'")
                .contains("route 'missing-table'");
    }

    @Test
    void showsWhereTheKcqlDoesNotParse() {
        Throwable failure = catchThrowable(() -> startSink(Map.of(
                "sink.routes[0].name",
                "typo",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELEC * FROM orders-topic")));

        SinkConfigurationException problems = configurationFailure(failure);
        assertThat(problems.problems()).hasSize(1);
        String problem = problems.problems().get(0).toString();
        assertThat(problem).startsWith("sink.routes[0].kcql (route 'typo'): ").contains("SELECT");
        // The statement, then a caret under the offending word.
        String statement = "INSERT INTO " + keyspace + ".orders SELEC * FROM orders-topic";
        int column = statement.indexOf("SELEC");
        assertThat(problem).contains("\n  " + statement + "\n  " + " ".repeat(column) + "^");
    }

    @Test
    void reportsEveryStageOfEveryRouteAtOnce() {
        Throwable failure = catchThrowable(() -> startSink(Map.of(
                "sink.routes[0].name",
                "typo",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELEC * FROM orders-topic",
                "sink.routes[0].error-policy",
                "DLT",
                "sink.routes[1].name",
                "wrong-format",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT id, created, product AS item FROM orders-topic"
                        + " PROPERTIES('value-format'='xml', 'tll'='5')",
                "sink.routes[2].name",
                "typed",
                "sink.routes[2].topic",
                "orders-topic",
                "sink.routes[2].table",
                keyspace + ".orders",
                "sink.routes[2].eror-policy",
                "skip")));

        SinkConfigurationException problems = configurationFailure(failure);
        // Options, syntax, formats and the table, of three routes: none hides another.
        assertThat(problems.problems())
                .map(SinkProblem::toString)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].error-policy (route 'typo'): error-policy \"DLT\" is not one of dead-letter,"
                                + " skip, fail, retry",
                        "sink.routes[2].eror-policy (route 'typed'): is not a key of a route (the keys: "
                                + String.join(", ", routeKeys()) + ")",
                        problemStartingWith(problems, "sink.routes[0].kcql (route 'typo'): expected SELECT"),
                        "sink.routes[1].kcql PROPERTIES (route 'wrong-format'): unknown option 'tll' (the options: "
                                + problemText(
                                        problems,
                                        "sink.routes[1].kcql PROPERTIES (route 'wrong-format'):"
                                                + " unknown option 'tll' (the options: "),
                        "sink.routes[1].kcql PROPERTIES 'value-format' (route 'wrong-format'): unknown format 'xml';"
                                + " known formats: "
                                + problemText(
                                        problems,
                                        "sink.routes[1].kcql PROPERTIES"
                                                + " 'value-format' (route 'wrong-format'): unknown format 'xml'; known formats: "),
                        "sink.routes[1].kcql (route 'wrong-format', path 'product', column 'item'): table " + keyspace
                                + ".orders has no column 'item' (columns: [id, created, product, qty])");
    }

    private static java.util.List<String> routeKeys() {
        return java.util.Arrays.stream(io.kcsink.config.SinkProperties.Route.class.getRecordComponents())
                .map(component ->
                        component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT))
                .toList();
    }

    private static String problemStartingWith(SinkConfigurationException problems, String start) {
        return problems.problems().stream()
                .map(SinkProblem::toString)
                .filter(p -> p.startsWith(start))
                .findFirst()
                .orElse("<missing: " + start + ">");
    }

    private static SinkConfigurationException configurationFailure(Throwable failure) {
        assertThat(failure).isNotNull();
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SinkConfigurationException found) {
                return found;
            }
        }
        throw new AssertionError("start-up failed, but not with a SinkConfigurationException", root);
    }

    /** The rest of the problem after {@code prefix}, which this test does not pin down; the prefix it does. */
    private static String problemText(SinkConfigurationException problems, String prefix) {
        return problems.problems().stream()
                .map(SinkProblem::toString)
                .filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()))
                .findFirst()
                .orElse("<missing>");
    }
}
