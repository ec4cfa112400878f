package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.localInfra;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.LocalCassandra;
import io.kcsink.local.TestInfrastructure;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * Readiness follows Cassandra: the probe fails within seconds of the node going away and passes again when it is back,
 * while liveness stays up, so Kubernetes stops routing to the pod without restarting it. Restarts the shared local
 * Cassandra, hence a class of its own.
 */
@Testcontainers
class ReadinessIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void readinessIsDownWithinThirtySecondsOfCassandraStoppingAndUpWhenItReturns() {
        String keyspace = unique("ready");
        String topic = unique("ready-orders").replace('_', '-');
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text)");
        createTopic(topic, 1);

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name", "orders",
                "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic,
                "management.server.port", "0"))) {
            Http http = new Http(managementPort(sink));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
            // The service's default access to the sink endpoint is read-only: nobody pauses a route by accident.
            assertThat(http.get("/actuator/sink/orders").statusCode()).isEqualTo(200);
            assertThat(http.post("/actuator/sink/orders/pause").statusCode()).isIn(404, 405);

            LocalCassandra cassandra = localInfra().cassandra();
            try {
                cassandra.stop();
                // The driver marks the node down when its reconnection attempts fail; seen to take over 10 s at times
                // on this 2-core machine.
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            HttpResponse<String> readiness = http.get("/actuator/health/readiness");
                            assertThat(readiness.statusCode()).isEqualTo(503);
                            JsonNode components = Http.json(readiness).get("components");
                            assertThat(components.get("cassandra").get("status").asString())
                                    .isEqualTo("DOWN");
                        });
                assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

                // A record arriving now cannot be written: its batch is retried, and counted, until Cassandra returns.
                produce(List.of(new ProducerRecord<>(
                        topic,
                        "1".getBytes(StandardCharsets.UTF_8),
                        "{\"id\": 1, \"product\": \"p1\"}".getBytes(StandardCharsets.UTF_8))));
                await().atMost(Duration.ofSeconds(30)).until(() -> retries(http) >= 2);
            } finally {
                cassandra.start();
                SinkTestSupport.awaitTestSessionReconnected();
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
            // The retried batch lands once Cassandra is back: nothing was lost or dead-lettered.
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> cql().execute("SELECT id FROM " + keyspace + ".orders WHERE id = 1")
                                    .one()
                            != null);
        }
    }

    private static double retries(Http http) {
        Matcher retries = Pattern.compile("(?m)^sink_retries_total (\\S+)$")
                .matcher(http.get("/actuator/prometheus").body());
        return retries.find() ? Double.parseDouble(retries.group(1)) : -1;
    }
}
