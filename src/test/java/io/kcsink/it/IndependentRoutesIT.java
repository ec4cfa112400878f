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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * Routes with a {@code group-id} of their own are independent units: a route whose error policy is {@code fail} stops
 * only its group's listener container while a route of another group keeps writing, {@code restart} on the
 * {@code sink} endpoint resumes it from its last committed offset, and a route added later in a new group reads its
 * topic from the start.
 */
@Testcontainers
class IndependentRoutesIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aFailedRouteStopsOnlyItsGroupIsRestartedThroughTheEndpointAndANewGroupBackfills() {
        String keyspace = unique("independent");
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        for (String table : List.of("strict", "steady", "shared", "backfill", "late")) {
            createTable(keyspace, table);
        }
        String strictTopic = unique("independent-strict").replace('_', '-');
        String steadyTopic = unique("independent-steady").replace('_', '-');
        createTopic(strictTopic, 1);
        createTopic(steadyTopic, 1);
        String strictGroup = unique("strict-group");
        produce(List.of(record(strictTopic, 1), record(steadyTopic, 1)));

        Map<String, String> properties = new HashMap<>();
        properties.put("management.server.port", "0");
        properties.put("management.endpoint.sink.access", "unrestricted");
        // Kept over both runs below, as a deployment keeps it.
        properties.put("spring.kafka.consumer.group-id", unique("shared-group"));
        route(properties, 0, "strict", strictTopic, keyspace, strictGroup);
        properties.put("sink.routes[0].error-policy", "fail");
        route(properties, 1, "steady", steadyTopic, keyspace, unique("steady-group"));
        // In the shared group, which commits what it has read of the topic.
        route(properties, 2, "shared", steadyTopic, keyspace, null);
        try (ConfigurableApplicationContext sink = startSink(properties)) {
            Http http = new Http(managementPort(sink));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(ids(keyspace, "strict")).containsExactly(1);
                assertThat(ids(keyspace, "steady")).containsExactly(1);
            });

            // Cassandra now refuses the strict route's writes for good: its next record stops its group.
            cql().execute("DROP TABLE " + keyspace + ".strict");
            produce(List.of(record(strictTopic, 2)));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode listener =
                        http.json("/actuator/health").path("components").path("sinkListener");
                assertThat(listener.path("status").asString()).isEqualTo("DOWN");
                JsonNode routes = listener.path("details").path("routes");
                assertThat(routes.path("strict").path("state").asString()).isEqualTo("failed");
                assertThat(routes.path("steady").path("state").asString()).isEqualTo("running");
                assertThat(container(sink, strictGroup).isRunning()).isFalse();
            });

            // The other group keeps writing.
            produce(List.of(record(steadyTopic, 2)));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(ids(keyspace, "steady")).containsExactlyInAnyOrder(1, 2);
                assertThat(ids(keyspace, "shared")).containsExactlyInAnyOrder(1, 2);
            });

            createTable(keyspace, "strict");
            HttpResponse<String> restarted = http.post("/actuator/sink/strict/restart");
            assertThat(restarted.statusCode()).isEqualTo(200);
            assertThat(Http.json(restarted).path("name").asString()).isEqualTo("strict");
            // The record that stopped it was not committed: it is read again, and lands.
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(ids(keyspace, "strict")).containsExactly(2);
                assertThat(container(sink, strictGroup).isRunning()).isTrue();
                assertThat(http.json("/actuator/health/sinkListener")
                                .path("status")
                                .asString())
                        .isEqualTo("UP");
            });
        }

        // Routes added later on a topic whose records the groups have committed: one in a group of its own reads the
        // topic from the start; one in the shared group starts at the shared group's committed offset.
        route(properties, 3, "backfill", steadyTopic, keyspace, unique("backfill-group"));
        route(properties, 4, "late", steadyTopic, keyspace, null);
        try (ConfigurableApplicationContext sink = startSink(properties)) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(ids(keyspace, "backfill")).containsExactlyInAnyOrder(1, 2));
            produce(List.of(record(steadyTopic, 3)));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(ids(keyspace, "backfill")).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(ids(keyspace, "shared")).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(ids(keyspace, "late")).containsExactly(3);
            });
        }
    }

    @Test
    void noContainerStartsWhenListenerAutoStartupIsOff() {
        String keyspace = unique("independent");
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        createTable(keyspace, "shared");
        createTable(keyspace, "own");
        String topic = unique("independent-idle").replace('_', '-');
        createTopic(topic, 1);
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.kafka.listener.auto-startup", "false");
        route(properties, 0, "shared", topic, keyspace, null);
        route(properties, 1, "own", topic, keyspace, unique("own-group"));
        try (ConfigurableApplicationContext sink = startSink(properties)) {
            KafkaListenerEndpointRegistry registry = sink.getBean(KafkaListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainers()).hasSize(2).noneMatch(MessageListenerContainer::isRunning);

            registry.getListenerContainers().forEach(MessageListenerContainer::start);
            assertThat(registry.getListenerContainers()).allMatch(MessageListenerContainer::isRunning);
        }
    }

    private static void route(
            Map<String, String> properties,
            int index,
            String name,
            String topic,
            String keyspace,
            @Nullable String groupId) {
        String route = "sink.routes[" + index + "].";
        properties.put(route + "name", name);
        properties.put(route + "topic", topic);
        properties.put(route + "table", keyspace + "." + name);
        if (groupId != null) {
            properties.put(route + "group-id", groupId);
        }
    }

    private static MessageListenerContainer container(ConfigurableApplicationContext sink, String group) {
        return sink.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
                .filter(container -> group.equals(container.getGroupId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener container of group " + group));
    }

    private static void createTable(String keyspace, String table) {
        cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, product text)");
    }

    private static List<Integer> ids(String keyspace, String table) {
        return cql().execute("SELECT id FROM " + keyspace + "." + table).all().stream()
                .map(row -> row.getInt(0))
                .toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int id) {
        String json = "{\"id\": " + id + ", \"product\": \"P" + id + "\"}";
        return new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
