package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.redrive.RedriveCounts;
import io.kcsink.redrive.RedriveMetrics;
import io.kcsink.write.RowWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's Grafana dashboard and the README's alert queries name only metrics the service registers: the meters of
 * {@link SinkMetrics}, {@link ConsumerLag} and {@link AccessFailures}, registered here in a Prometheus registry and
 * scraped, so that the names are the exported ones ({@code sink.records.written} → {@code sink_records_written_total}).
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = Path.of("helm/kafka-cassandra-sink/dashboards/kafka-cassandra-sink.json");
    private static final Path README = Path.of("README.md");
    // A metric name is what PromQL puts before a label matcher or a range: name{...} or name[5m].
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");
    private static final Pattern SINK_NAME = Pattern.compile("\\bsink_[a-z0-9_]+");

    private static Set<String> exported;

    @BeforeAll
    static void scrapeTheServicesMeters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SinkRoute orders = OpsFixtures.route("orders", "orders-topic");
        SinkMetrics metrics = new SinkMetrics(registry, OpsFixtures.routes(orders), new RowWriter(null, null, 8));
        metrics.deadLettered(orders, Stage.DECODE);
        metrics.batch(10, 1_000_000);
        metrics.failedDelivery(ConsumerRecords.empty(), new IllegalStateException("Cassandra down"), 1);
        new AccessFailures(registry, Clock.systemUTC());
        new RedriveMetrics(registry).record("orders-topic.DLT", new RedriveCounts(3, 3, 2, 1, 0, 0));
        ConsumerLag lag = new ConsumerLag(
                ConsumerLagTest.admin(),
                OpsFixtures.routes(orders),
                () -> "sink-group",
                () -> List.of(new TopicPartition("orders-topic", 0)),
                registry,
                Duration.ofSeconds(1));
        lag.run();

        exported = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertThat(exported)
                .as("what the service exports")
                .contains(
                        "sink_records_written_total",
                        "sink_consumer_lag",
                        "sink_access_denied",
                        "sink_write_latency_seconds_bucket");
    }

    @Test
    void everyDashboardQueryNamesMetricsTheServiceExports() throws IOException {
        List<String> queries = dashboardQueries();

        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        for (String query : queries) {
            Set<String> named = metricsNamedIn(query);
            assertThat(named).as(query).isNotEmpty();
            assertThat(exported).as(query).containsAll(named);
        }
    }

    @Test
    void everySinkMetricOfTheReadmeIsOneTheServiceExports() throws IOException {
        String readme = Files.readString(README);
        Set<String> named = new TreeSet<>();
        Matcher matcher = SINK_NAME.matcher(readme);
        while (matcher.find()) {
            named.add(matcher.group());
        }

        assertThat(named).contains("sink_consumer_lag", "sink_retries_total", "sink_access_denied");
        for (String name : named) {
            // A histogram or summary is named by its family, e.g. sink_write_latency_seconds for its _bucket series.
            assertThat(exported).as(name).containsAnyOf(name, name + "_count");
        }
    }

    @Test
    void rateAndLatencyPanelsShowUnitsOfWhatTheyCount() throws IOException {
        for (JsonNode panel : dashboard().get("panels")) {
            String unit = panel.get("fieldConfig").get("defaults").get("unit").asString();
            String expr = panel.get("targets").get(0).get("expr").asString();
            String title = panel.get("title").asString();
            if (expr.startsWith("histogram_quantile(")) {
                assertThat(unit).as(title).isEqualTo("s");
            } else if (expr.contains("rate(")) {
                // Grafana's "rps" is reads per second; a count per second is "count:<what>/s".
                assertThat(unit).as(title).startsWith("count:").endsWith("/s");
            } else {
                assertThat(unit).as(title).isIn("short", "none");
            }
        }
    }

    @Test
    void dashboardHasPanelsForLagRetriesDeadLettersByStageLatencyPercentilesAndAccess() throws IOException {
        String queries = String.join("\n", dashboardQueries());

        assertThat(queries)
                .contains("max by (group, topic, partition) (sink_consumer_lag")
                .contains("rate(sink_retries_total")
                .contains("sum by (route, stage) (rate(sink_records_dead_lettered_total")
                .contains("histogram_quantile(0.5, sum by (le) (rate(sink_write_latency_seconds_bucket")
                .contains("histogram_quantile(0.95, sum by (le) (rate(sink_write_latency_seconds_bucket")
                .contains("histogram_quantile(0.99, sum by (le) (rate(sink_write_latency_seconds_bucket")
                .contains("max by (client) (sink_access_denied");
    }

    /** Every PromQL expression of the dashboard: panel targets and template variable queries. */
    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = dashboard();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asString())) {
                queries.add(variable.get("definition").asString());
            }
        }
        return queries;
    }

    private static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    }

    private static Set<String> metricsNamedIn(String query) {
        Set<String> named = new TreeSet<>();
        Matcher matcher = SELECTED.matcher(query);
        while (matcher.find()) {
            named.add(matcher.group(1));
        }
        // label_values(metric, label) names its metric without a matcher.
        Matcher labelValues = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[,)]")
                .matcher(query);
        while (labelValues.find()) {
            named.add(labelValues.group(1));
        }
        return named;
    }
}
