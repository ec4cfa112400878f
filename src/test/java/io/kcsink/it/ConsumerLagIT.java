package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Two instances of the sink in one consumer group: the {@code sink_consumer_lag} gauges they export, summed over both,
 * are the group's lag as an admin client of the tests' own computes it, not twice it; each instance exports the
 * partitions it owns. The lag is held still by pausing the route on both instances through the {@code sink} endpoint.
 */
@Testcontainers
class ConsumerLagIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final int PARTITIONS = 4;
    private static final int BACKLOG_PER_PARTITION = 250;

    private final String keyspace = unique("lag");
    private final String topic = unique("lag-orders").replace('_', '-');
    private final String group = unique("lag-group");

    @Test
    void lagGaugesSummedOverTheInstancesOfAGroupAreTheGroupsLag() throws Exception {
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text)");
        createTopic(topic, PARTITIONS);
        Map<String, String> properties = Map.of(
                "spring.kafka.consumer.group-id", group,
                "sink.routes[0].name", "orders",
                "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic,
                "management.server.port", "0",
                "management.endpoint.sink.access", "unrestricted",
                "sink.ops.lag-interval", "300ms");
        try (ConfigurableApplicationContext first = startSink(properties);
                ConfigurableApplicationContext second = startSink(properties)) {
            List<Http> sinks = List.of(new Http(managementPort(first)), new Http(managementPort(second)));
            await("both instances own partitions of the topic")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> assigned(sinks.get(0)).size()
                                            + assigned(sinks.get(1)).size()
                                    == PARTITIONS
                            && !assigned(sinks.get(0)).isEmpty()
                            && !assigned(sinks.get(1)).isEmpty());
            // Some records written and committed first, so that the lag counts from committed offsets.
            produce(orders(0, 1));
            await("the first records committed").atMost(Duration.ofSeconds(60)).until(() -> caughtUp(group, topic));

            try {
                for (Http sink : sinks) {
                    assertThat(sink.post("/actuator/sink/orders/pause").statusCode())
                            .isEqualTo(200);
                }
                await("every owned partition paused")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> sinks.stream()
                                .allMatch(sink -> sink.json("/actuator/sink/orders")
                                                .get("pausedPartitions")
                                                .size()
                                        == assigned(sink).size()));
                produce(orders(PARTITIONS, BACKLOG_PER_PARTITION));

                long groupLag = groupLag();
                assertThat(groupLag).isEqualTo((long) PARTITIONS * BACKLOG_PER_PARTITION);
                await("the exported lag to reach the group's lag")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> {
                            Map<String, Long> firstLag = exportedLag(sinks.get(0));
                            Map<String, Long> secondLag = exportedLag(sinks.get(1));
                            assertThat(firstLag.keySet()).isEqualTo(assigned(sinks.get(0)));
                            assertThat(secondLag.keySet()).isEqualTo(assigned(sinks.get(1)));
                            assertThat(sum(firstLag) + sum(secondLag)).isEqualTo(groupLag);
                            assertThat(sum(firstLag)).isPositive().isLessThan(groupLag);
                            assertThat(sum(secondLag)).isPositive().isLessThan(groupLag);
                        });
                // The endpoint keeps the group's view, on either instance.
                for (Http sink : sinks) {
                    assertThat(sink.json("/actuator/sink")
                                    .get("lag")
                                    .get("total")
                                    .asLong())
                            .isEqualTo(groupLag);
                }
                assertThat(groupLag()).as("still paused: the lag held still").isEqualTo(groupLag);
            } finally {
                for (Http sink : sinks) {
                    sink.post("/actuator/sink/orders/resume");
                }
            }
        }
    }

    /** The partitions the instance's listener owns, as {@code topic-partition}. */
    private static TreeSet<String> assigned(Http sink) {
        TreeSet<String> partitions = new TreeSet<>();
        sink.json("/actuator/sink/orders").get("assignedPartitions").forEach(p -> partitions.add(p.asString()));
        return partitions;
    }

    /** The instance's {@code sink_consumer_lag} samples of the test's topic, keyed {@code topic-partition}. */
    private Map<String, Long> exportedLag(Http sink) {
        Pattern sample = Pattern.compile("^sink_consumer_lag\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Pattern partition = Pattern.compile("partition=\"(\\d+)\"");
        Map<String, Long> lag = new TreeMap<>();
        Matcher matcher = sample.matcher(sink.get("/actuator/prometheus").body());
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("topic=\"" + topic + "\"") && labels.contains("group=\"" + group + "\"")) {
                Matcher number = partition.matcher(labels);
                assertThat(number.find()).as(labels).isTrue();
                lag.put(topic + "-" + number.group(1), (long) Double.parseDouble(matcher.group(2)));
            }
        }
        return lag;
    }

    /** The group's lag computed here, with an admin client of the tests: end offsets minus committed offsets. */
    private long groupLag() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata commit = committed.get(end.getKey());
                lag += end.getValue().offset() - (commit == null ? 0 : commit.offset());
            }
            return lag;
        }
    }

    private static long sum(Map<String, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code perPartition} JSON orders to each partition of the topic. */
    private List<ProducerRecord<byte[], byte[]>> orders(int firstId, int perPartition) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int id = firstId;
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < PARTITIONS; p++, id++) {
                records.add(new ProducerRecord<>(
                        topic,
                        p,
                        Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                        ("{\"id\": " + id + ", \"product\": \"p" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }
}
