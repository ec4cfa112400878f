package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.TestInfrastructure;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * Operations of a running sink over real HTTP on a separate management port: health, the {@code sink} endpoint pausing
 * and resuming a route, consumer lag and the Prometheus scrape. One sink serves every test.
 */
@Testcontainers
class OpsIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final int PARTITIONS = 3;

    private static String keyspace;
    private static String topic;
    private static ConfigurableApplicationContext sink;
    private static Http http;

    @BeforeAll
    static void startSinkWithManagementPort() {
        keyspace = unique("ops");
        topic = unique("ops-orders").replace('_', '-');
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text)");
        createTopic(topic, PARTITIONS);
        sink = startSink(Map.of(
                "sink.routes[0].name", "orders",
                "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic,
                "management.server.port", "0",
                "management.endpoint.sink.access", "unrestricted",
                "sink.ops.lag-interval", "300ms",
                "sink.ops.readiness-max-lag", "500",
                "sink.ops.progress-interval", "1s"));
        int port = managementPort(sink);
        assertThat(port).isNotEqualTo(Integer.parseInt(sink.getEnvironment().getProperty("local.server.port")));
        http = new Http(port);
        // Every partition assigned, so that a pause covers the whole topic.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.json("/actuator/sink/orders")
                                .get("assignedPartitions")
                                .size()
                        == PARTITIONS);
    }

    @AfterAll
    static void stopSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void healthIsUpWithKafkaCassandraAndTheListener() {
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(health);
        assertThat(body.get("status").asString()).isEqualTo("UP");
        JsonNode components = body.get("components");
        for (String component : List.of("kafka", "cassandra", "sinkListener", "sinkLag")) {
            assertThat(components.get(component).get("status").asString())
                    .as(component)
                    .isEqualTo("UP");
        }
        assertThat(components.get("kafka").get("details").get("nodes").asInt()).isEqualTo(1);
        assertThat(components
                        .get("sinkListener")
                        .get("details")
                        .get("routes")
                        .get("orders")
                        .get("state")
                        .asString())
                .isEqualTo("running");

        JsonNode readiness = Http.json(http.get("/actuator/health/readiness"));
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").propertyNames())
                .contains("readinessState", "cassandra", "kafka", "sinkListener", "sinkLag", "sinkAccess");
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void lagCountsThePendingRecordsWhileARouteIsPausedAndDropsToZeroAfterResume() {
        await().atMost(Duration.ofSeconds(30)).until(() -> lagFromPrometheus() == 0);
        long rowsBefore = rows();

        try {
            pauseProduceAndResume(rowsBefore);
        } finally {
            // A failure above must not leave the route paused for the other tests.
            http.post("/actuator/sink/orders/resume");
        }
    }

    private static void pauseProduceAndResume(long rowsBefore) {
        HttpResponse<String> paused = http.post("/actuator/sink/orders/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(Http.json(paused).get("state").asString()).isEqualTo("paused");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.json("/actuator/sink/orders")
                                .get("pausedPartitions")
                                .size()
                        == PARTITIONS);

        produce(orders(1_000, 10_000));

        await().atMost(Duration.ofSeconds(30)).until(() -> lagFromPrometheus() == 1_000);
        JsonNode route = http.json("/actuator/sink/orders");
        assertThat(route.get("lag").get("total").asLong()).isEqualTo(1_000);
        assertThat(route.get("state").asString()).isEqualTo("paused");
        assertThat(http.json("/actuator/sink").get("lag").get("total").asLong()).isEqualTo(1_000);
        // Above sink.ops.readiness-max-lag: not ready, while still alive.
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(Http.json(readiness)
                        .get("components")
                        .get("sinkLag")
                        .get("status")
                        .asString())
                .isEqualTo("OUT_OF_SERVICE");
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(rows()).isEqualTo(rowsBefore);

        assertThat(http.post("/actuator/sink/orders/resume").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(lagFromPrometheus()).isZero();
            assertThat(http.json("/actuator/sink/orders")
                            .get("lag")
                            .get("total")
                            .asLong())
                    .isZero();
        });
        assertThat(rows()).isEqualTo(rowsBefore + 1_000);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
        assertThat(http.json("/actuator/sink/orders").get("state").asString()).isEqualTo("running");
    }

    @Test
    void sinkEndpointShowsTheCompiledPlanAndRejectsUnknownRoutesAndActions() {
        JsonNode route = http.json("/actuator/sink/orders");
        assertThat(route.get("table").asString()).isEqualTo(keyspace + ".orders");
        assertThat(route.get("insert").asString()).startsWith("INSERT INTO \"" + keyspace + "\".\"orders\"");
        List<String> columns = new ArrayList<>();
        route.get("bindings")
                .forEach(binding -> columns.add(binding.get("column").asString()));
        assertThat(columns).containsExactlyInAnyOrder("id", "product");

        assertThat(http.get("/actuator/sink/nosuchroute").statusCode()).isEqualTo(404);
        assertThat(http.post("/actuator/sink/orders/explode").statusCode()).isEqualTo(400);
    }

    @Test
    void prometheusShowsPerRouteCountersAndClientMetrics() {
        String route = "route=\"orders\"";
        String table = "table=\"" + keyspace + ".orders\"";
        String before = http.get("/actuator/prometheus").body();
        long written = sample(before, "sink_records_written_total", route, table);
        long received = sample(before, "sink_records_received_total", route, table);

        produce(orders(20, 50_000));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(sample(
                                http.get("/actuator/prometheus").body(), "sink_records_written_total", route, table))
                        .isEqualTo(written + 20));
        String scrape = http.get("/actuator/prometheus").body();
        assertThat(sample(scrape, "sink_records_received_total", route, table)).isEqualTo(received + 20);
        assertThat(scrape)
                .contains("sink_records_dead_lettered_total{")
                .contains("sink_records_skipped_total{")
                .contains("stage=\"decode\"")
                .contains("sink_batch_size_count")
                .contains("sink_write_latency_seconds_bucket")
                .contains("sink_retries_total")
                .contains("sink_writes_in_flight")
                .contains("sink_consumer_lag{")
                .contains("kafka_consumer_")
                .contains("cassandra_session_cql_requests")
                .contains("cassandra_nodes_pool_open_connections");
    }

    private static long rows() {
        return cql().execute("SELECT COUNT(*) FROM " + keyspace + ".orders")
                .one()
                .getLong(0);
    }

    private static List<ProducerRecord<byte[], byte[]>> orders(int count, int firstId) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            records.add(new ProducerRecord<>(
                    topic,
                    Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                    ("{\"id\": " + id + ", \"product\": \"p" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** The sum of the lag gauges of the test's topic in the Prometheus scrape. */
    private static long lagFromPrometheus() {
        return sample(http.get("/actuator/prometheus").body(), "sink_consumer_lag", "topic=\"" + topic + "\"");
    }

    /** The sum of the samples of a metric whose labels contain all the given ones; -1 when there is none. */
    private static long sample(String scrape, String metric, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        long sum = 0;
        boolean found = false;
        while (matcher.find()) {
            String tags = matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= tags.contains(label);
            }
            if (all) {
                sum += (long) Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        return found ? sum : -1;
    }
}
