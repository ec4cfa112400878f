package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Which dead-letter topic a record goes to: the one of the route it failed in, and a topic pattern never reads the
 * dead-letter topics it feeds (or each parked record would be parked again, in {@code <topic>.DLT.DLT}, and so on).
 */
@Testcontainers
class DeadLetterRoutingIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void parksARecordInTheDeadLetterTopicOfTheRouteItFailedIn() {
        String keyspace = unique("dlt_routing");
        String topic = unique("dlt-routing").replace('_', '-');
        String strictDlt = topic + "-strict-dlt";
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".lenient (id int PRIMARY KEY, name text)");
        cql().execute("CREATE TABLE " + keyspace + ".strict (id int PRIMARY KEY, qty int)");
        createTopic(topic, 1);
        produce(List.of(new ProducerRecord<>(
                topic, null, "{\"id\": 1, \"name\": \"not a number\"}".getBytes(StandardCharsets.UTF_8))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "lenient",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".lenient SELECT id, name FROM " + topic,
                "sink.routes[1].name",
                "strict",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".strict SELECT id, name AS qty FROM " + topic
                        + " PROPERTIES('dead-letter-topic'='" + strictDlt + "')"))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cql().execute("SELECT name FROM " + keyspace + ".lenient WHERE id = 1")
                                    .one(),
                            r -> r != null);

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(strictDlt, 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            var route = parked.get(0).headers().lastHeader(DeadLetterPublisher.ROUTE);
            assertThat(new String(route.value(), StandardCharsets.UTF_8)).isEqualTo("strict");
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void aTopicPatternDoesNotReadItsOwnDeadLetterTopic() {
        String keyspace = unique("dlt_pattern");
        String prefix = unique("dlt-pattern").replace('_', '-');
        String topic = prefix + "-a";
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".events (id int PRIMARY KEY, name text)");
        createTopic(topic, 1);
        produce(List.of(
                new ProducerRecord<>(topic, null, "not json".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topic, null, "{\"id\": 1, \"name\": \"ok\"}".getBytes(StandardCharsets.UTF_8))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                // The consumer looks for new topics matching its pattern every half second instead of every 5 minutes.
                "spring.kafka.consumer.properties[metadata.max.age.ms]",
                "500",
                "sink.routes[0].name",
                "events",
                "sink.routes[0].topic-pattern",
                Pattern.quote(prefix + "-") + ".*",
                "sink.routes[0].table",
                keyspace + ".events"))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cql().execute("SELECT name FROM " + keyspace + ".events WHERE id = 1")
                                    .one(),
                            r -> r != null);
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(30))).hasSize(1);

            await().during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> !topicExists(topic + ".DLT.DLT"));
        }
    }

    private static boolean topicExists(String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            return admin.listTopics().names().get().contains(topic);
        }
    }
}
