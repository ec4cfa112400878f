package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/** The per-route error policies other than the default dead-letter one: skip, and fail. */
@ExtendWith(OutputCaptureExtension.class)
@Testcontainers
class ErrorPolicyIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final String BAD = "{\"id\": 2, \"price\": “mention price”}";

    @Test
    void failStopsTheListenerWithoutCommittingTheBadRecordAndHealthSaysWhy() throws Exception {
        String keyspace = keyspace();
        String topic = unique("policy-fail").replace('_', '-');
        String group = unique("policy-fail-group");
        createTopic(topic, 1);
        produce(List.of(record(topic, order(1)), record(topic, BAD), record(topic, order(3))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "management.server.port",
                "0",
                "sink.routes[0].name",
                "strict",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic + " PROPERTIES('error-policy'='fail')"))) {
            Http http = new Http(managementPort(sink));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode listener =
                        http.json("/actuator/health").path("components").path("sinkListener");
                assertThat(listener.path("status").asString()).isEqualTo("DOWN");
                assertThat(listener.toString()).contains("strict").contains("error-policy 'fail'");
            });
            assertThat(ids(keyspace)).doesNotContain(3);
            assertThat(committed(group, topic))
                    .as("the bad record at offset 1 is not committed")
                    .isLessThanOrEqualTo(1);
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void skipLeavesTheBadRecordsOutOfTheDeadLetterTopicAndGoesOnLoggingOnlyTheFirstOfAMinute(CapturedOutput output) {
        String keyspace = keyspace();
        String topic = unique("policy-skip").replace('_', '-');
        createTopic(topic, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(record(topic, order(1)));
        for (int i = 0; i < 25; i++) {
            records.add(record(topic, BAD));
        }
        records.add(record(topic, order(3)));
        produce(records);

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "lenient",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic + " PROPERTIES('error-policy'='skip')",
                "sink.failure-log.per-minute",
                "4"))) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(ids(keyspace)).containsExactlyInAnyOrder(1, 3));
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(3))).isEmpty();
            // 25 bad records in well under a minute: the first 4 (sink.failure-log.per-minute) at WARN, then one
            // notice, the rest at DEBUG.
            List<String> warnings = output.getOut()
                    .lines()
                    .filter(line -> line.contains(" WARN ") && line.contains("route=lenient"))
                    .toList();
            assertThat(warnings.stream().filter(line -> line.contains("record cannot be written")))
                    .hasSize(4)
                    .allSatisfy(line -> assertThat(line).contains("topic=" + topic, "stage=decode", "policy=SKIP"));
            assertThat(warnings.stream().filter(line -> line.contains("logged at DEBUG")))
                    .singleElement()
                    .asString()
                    .contains("4 records could not be written within a minute");
        }
    }

    private static long committed(String group, String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? 0 : offset.offset();
        }
    }

    private static String keyspace() {
        String keyspace = unique("policy");
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int, created varchar, product varchar, qty int, "
                + "price float, PRIMARY KEY (id, created))");
        return keyspace;
    }

    private static String order(int id) {
        return "{\"id\": " + id + ", \"created\": \"2016-05-06 13:53:00\", \"product\": \"P\", \"price\": 1.5}";
    }

    private static List<Integer> ids(String keyspace) {
        return cql().execute("SELECT id FROM " + keyspace + ".orders").all().stream()
                .map(r -> r.getInt(0))
                .toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
