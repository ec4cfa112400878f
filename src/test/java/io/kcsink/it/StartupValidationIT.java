package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcsink.config.SinkConfigurationException;
import io.kcsink.local.TestInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Routes that cannot work against the live schema stop the start-up with one message that lists every problem. */
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
                .containsExactlyInAnyOrder(
                        "route 'unknown-column', path 'product', column 'item': table " + keyspace
                                + ".orders has no column 'item' (columns: [id, created, product, qty])",
                        "route 'unmapped-key', column 'created': primary key column is not mapped;"
                                + " add '<path> AS created'",
                        "route 'never-converts', path ''many'', column 'qty': can never convert to int: "
                                + problemText(problems, "never-converts"),
                        "route 'missing-table': table " + keyspace + ".no_such_table does not exist");
        assertThat(problems.getMessage())
                .startsWith("4 problems with the configured sink routes:")
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
        String problem = problems.problems().get(0);
        assertThat(problem).startsWith("route 'typo': ").contains("SELECT");
        // The statement, then a caret under the offending word.
        String statement = "INSERT INTO " + keyspace + ".orders SELEC * FROM orders-topic";
        int column = statement.indexOf("SELEC");
        assertThat(problem).contains("\n  " + statement + "\n  " + " ".repeat(column) + "^");
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

    /** The converter's own reason, which this test does not pin down; the rest of the line it does. */
    private static String problemText(SinkConfigurationException problems, String route) {
        String prefix = "route '" + route + "', path ''many'', column 'qty': can never convert to int: ";
        return problems.problems().stream()
                .filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()))
                .findFirst()
                .orElse("<missing>");
    }
}
