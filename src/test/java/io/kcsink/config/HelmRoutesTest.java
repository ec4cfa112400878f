package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.helm.HelmChart;
import io.kcsink.helm.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart cannot ship a route the service would reject or misread: the {@code application.yml} that helm renders for
 * every values file of the chart tests is bound and its routes compiled as start-up does ({@link StartupRouteCheck}).
 */
class HelmRoutesTest {

    /** Values files whose render must fail (HelmChartTest says why); every other values file must start. */
    private static final Set<String> REFUSED_BY_THE_CHART = Set.of("hpa-and-keda", "no-routes");

    private static HelmChart chart;

    @BeforeAll
    static void locateHelm() {
        chart = HelmChart.locate();
    }

    static Stream<String> valuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(HelmChart.VALUES_DIR)) {
            return files
                    .map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .filter(name -> !REFUSED_BY_THE_CHART.contains(name))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void everyRenderedApplicationYamlBindsAndItsRoutesCompile(String values) {
        Manifests manifests = chart.template(values);

        assertThat(StartupRouteCheck.problems(manifests.applicationYamlText(), podEnvironment(manifests)))
                .isEmpty();
    }

    @Test
    void theValuesFilesLeftOutAreTheOnesTheChartRefuses() throws IOException {
        assertThat(valuesFiles()).contains("defaults", "secured").doesNotContainAnyElementsOf(REFUSED_BY_THE_CHART);
        for (String values : REFUSED_BY_THE_CHART) {
            assertThat(chart.templateResult(values).exitCode()).as(values).isNotZero();
        }
    }

    @Test
    void reportsARouteKeyTheServiceWouldIgnore() {
        List<String> problems = StartupRouteCheck.problems("""
                sink:
                  routes:
                    - name: payments
                      topic: payments
                      table: demo.payments
                      columns:
                        id: id
                      options:
                        ttl: 86400
                """, Map.of());

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("sink.routes[0].options.ttl (route 'payments'): is not a key of a route (the keys: name,");
    }

    @Test
    void reportsAPathThatDoesNotParse() {
        List<String> problems = StartupRouteCheck.problems("""
                sink:
                  routes:
                    - name: payments
                      topic: payments
                      table: demo.payments
                      columns:
                        id: _value..id
                """, Map.of());

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("sink.routes[0].columns (route 'payments', path '_value..id', column 'id'): path does not"
                        + " parse");
    }

    @Test
    void refusesAFilterThatReachesForARuntimeType() {
        List<String> problems = StartupRouteCheck.problems("""
                sink:
                  routes:
                    - name: payments
                      topic: payments
                      table: demo.payments
                      filter: "T(java.lang.Runtime).getRuntime().exec('id') != null"
                """, Map.of());

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("sink.routes[0].filter (route 'payments'): filter type references T(...) are not allowed in"
                        + " a filter")
                .contains("at position 0:\n  T(java.lang.Runtime)");
    }

    @Test
    void reportsBadPropertiesFormatsAndErrorPolicies() {
        List<String> problems = StartupRouteCheck.problems("""
                sink:
                  routes:
                    - name: a
                      kcql: "INSERT INTO demo.a SELECT * FROM a PROPERTIES('tll'='5')"
                    - name: b
                      kcql: "INSERT INTO demo.b SELECT * FROM b"
                      value-format: xml
                    - name: c
                      kcql: "INSERT INTO demo.c SELECT * FROM c"
                      error-policy: noop
                """, Map.of());

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[2].error-policy (route 'c'): error-policy \"noop\" is not one of dead-letter,"
                                + " skip, fail, retry",
                        "sink.routes[0].kcql PROPERTIES (route 'a'): unknown option 'tll' (the options: "
                                + String.join(", ", RouteOption.kcqlKeys()) + ")",
                        "sink.routes[1].value-format (route 'b'): unknown format 'xml'; known formats: "
                                + String.join(", ", io.kcsink.format.RecordDecoders.FORMATS));
    }

    @Test
    void reportsAColumnNameThatBindingWouldChange() {
        List<String> problems = StartupRouteCheck.problems("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      columns:
                        id: id
                        created: created
                      timestamp-patterns:
                        created at: "yyyy-MM-dd HH:mm:ss"
                        updatedAt_2-b: "yyyy-MM-dd HH:mm:ss"
                        "[deleted at]": "yyyy-MM-dd HH:mm:ss"
                """, Map.of());

        // Plain keys of letters, digits, '-' and '_' bind unchanged.
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("sink.routes[0].timestamp-patterns: the key 'created at' binds as none of");
    }

    @Test
    void fillsPlaceholdersFromThePodEnvironment() {
        String yaml = """
                sink:
                  routes:
                    - name: orders
                      kcql: "INSERT INTO ${KEYSPACE}.orders SELECT * FROM orders"
                """;

        assertThat(StartupRouteCheck.problems(yaml, Map.of("KEYSPACE", "demo"))).isEmpty();
        assertThat(StartupRouteCheck.problems(yaml, Map.of())).isNotEmpty();
    }

    /** The container's environment variables; those from Secrets get a stand-in value, as a Secret would give one. */
    private static Map<String, Object> podEnvironment(Manifests manifests) {
        Map<String, Object> environment = new HashMap<>();
        for (Map<String, Object> variable : Manifests.list(manifests.container().get("env"))) {
            Object value = variable.get("value");
            environment.put((String) variable.get("name"), value != null ? value : "from-a-secret");
        }
        return environment;
    }
}
