package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The lag gauge is exported per owner, the snapshot holds the group: over the admin answers of one group of three
 * partitions (end offsets 10, 20, 30; committed 4, 5 and nothing, whose earliest offset is 3).
 */
class ConsumerLagTest {

    private static final String TOPIC = "orders-topic";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Set<TopicPartition>> owned = new AtomicReference<>(Set.of(P0, P2));
    private final ConsumerLag lag = new ConsumerLag(
            admin(),
            OpsFixtures.routes(OpsFixtures.route("orders", TOPIC)),
            () -> "sink-group",
            owned::get,
            registry,
            Duration.ofSeconds(1));

    @Test
    void exportsTheLagOfOwnedPartitionsOnlyAndKeepsTheGroupsInTheSnapshot() {
        lag.run();

        assertThat(exported()).isEqualTo(Map.of("0", 6.0, "2", 27.0));
        assertThat(registry.get("sink.consumer.lag").tag("group", "sink-group").gauges())
                .hasSize(2);
        assertThat(lag.snapshot().partitions()).isEqualTo(Map.of(P0, 6L, P1, 15L, P2, 27L));
        assertThat(lag.snapshot().total()).isEqualTo(48);
    }

    @Test
    void movesTheGaugeWithThePartitionAfterARebalance() {
        lag.run();
        owned.set(Set.of(P1));
        lag.run();

        assertThat(exported()).isEqualTo(Map.of("1", 15.0));
        owned.set(Set.of());
        lag.run();
        assertThat(exported()).isEmpty();
        assertThat(lag.snapshot().total()).isEqualTo(48);
    }

    @Test
    void eachGroupsLagComesFromItsOwnCommittedOffsets() {
        Admin admin = admin();
        ListConsumerGroupOffsetsResult none = mock(ListConsumerGroupOffsetsResult.class);
        when(none.partitionsToOffsetAndMetadata()).thenReturn(KafkaFuture.completedFuture(Map.of()));
        when(admin.listConsumerGroupOffsets("audit")).thenReturn(none);
        io.kcsink.ingest.SinkRoute orders = OpsFixtures.route("orders", TOPIC);
        io.kcsink.ingest.SinkRoute audit = OpsFixtures.routeInGroup("audit", TOPIC, "audit");
        io.kcsink.ingest.RouteGroups groups =
                io.kcsink.ingest.RouteGroups.of(OpsFixtures.routes(orders, audit), "sink", null);
        ConsumerLag byGroup = new ConsumerLag(
                admin,
                List.of(
                        new ConsumerLag.Source(groups.defaultGroup().routes(), () -> "sink-group", () -> Set.of(P0)),
                        new ConsumerLag.Source(groups.of(audit).routes(), () -> "audit", () -> Set.of(P0))),
                registry,
                Duration.ofSeconds(1));

        byGroup.run();

        // The audit group has committed nothing: it reads the topic from its earliest offset, 3.
        assertThat(byGroup.snapshot().total(orders)).isEqualTo(48);
        assertThat(byGroup.snapshot().total(audit)).isEqualTo(7 + 17 + 27);
        assertThat(byGroup.snapshot().byPartition(audit)).containsEntry(P0.toString(), 7L);
        assertThat(byGroup.snapshot().total()).isEqualTo(48 + 51);
        assertThat(registry.get("sink.consumer.lag")
                        .tag("group", "audit")
                        .gauge()
                        .value())
                .isEqualTo(7.0);
        assertThat(registry.get("sink.consumer.lag")
                        .tag("group", "sink-group")
                        .gauge()
                        .value())
                .isEqualTo(6.0);
    }

    private Map<String, Double> exported() {
        return registry.find("sink.consumer.lag").gauges().stream()
                .collect(Collectors.toMap(gauge -> gauge.getId().getTag("partition"), Gauge::value));
    }

    static Admin admin() {
        Admin admin = mock(Admin.class);
        ListTopicsResult topics = mock(ListTopicsResult.class);
        when(topics.names()).thenReturn(KafkaFuture.completedFuture(Set.of(TOPIC, "unrouted-topic")));
        when(admin.listTopics()).thenReturn(topics);

        Node node = new Node(1, "localhost", 9092);
        List<TopicPartitionInfo> partitions = List.of(
                new TopicPartitionInfo(0, node, List.of(node), List.of(node)),
                new TopicPartitionInfo(1, node, List.of(node), List.of(node)),
                new TopicPartitionInfo(2, node, List.of(node), List.of(node)));
        DescribeTopicsResult described = mock(DescribeTopicsResult.class);
        when(described.allTopicNames())
                .thenReturn(KafkaFuture.completedFuture(Map.of(TOPIC, new TopicDescription(TOPIC, false, partitions))));
        when(admin.describeTopics(anyCollection())).thenReturn(described);

        ListConsumerGroupOffsetsResult committed = mock(ListConsumerGroupOffsetsResult.class);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(P0, new OffsetAndMetadata(4));
        offsets.put(P1, new OffsetAndMetadata(5));
        when(committed.partitionsToOffsetAndMetadata()).thenReturn(KafkaFuture.completedFuture(offsets));
        when(admin.listConsumerGroupOffsets(anyString())).thenReturn(committed);

        when(admin.listOffsets(anyMap())).thenAnswer(call -> {
            Map<TopicPartition, OffsetSpec> asked = call.getArgument(0);
            Map<TopicPartition, ListOffsetsResultInfo> answer = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetSpec> entry : asked.entrySet()) {
                int partition = entry.getKey().partition();
                long offset = entry.getValue() instanceof OffsetSpec.EarliestSpec ? 3 : 10L * (partition + 1);
                answer.put(entry.getKey(), new ListOffsetsResultInfo(offset, -1, Optional.empty()));
            }
            ListOffsetsResult result = mock(ListOffsetsResult.class);
            when(result.all()).thenReturn(KafkaFuture.completedFuture(answer));
            return result;
        });
        return admin;
    }
}
