package io.kcsink.ops;

import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer lag of the sink's groups: per group and partition of its routes' topics, the log end offset minus the
 * group's committed offset. Each route group ({@code group-id}) has its own offsets, so a topic read by routes of two
 * groups has a lag in each. Computed on a schedule through the admin client, never per request. A partition a group has
 * never committed counts from its earliest offset, which is where the service's default
 * {@code auto-offset-reset: earliest} starts reading.
 *
 * <p>The {@link #snapshot() snapshot} holds every partition of each group (the {@code sink} endpoint, the
 * {@code sinkLag} health and the progress log show the groups' lag). The gauge {@code sink.consumer.lag}, tagged group,
 * topic and partition, is exported only for the partitions this instance's listener container of the group owns at the
 * time of the computation: each partition is exported by one instance, so summing the gauge over instances gives the
 * group's lag instead of replicas times it. Right after a rebalance, until each instance's next computation, a partition
 * may be exported by its old and its new owner at once, or by neither.
 */
public final class ConsumerLag implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final List<Source> sources;
    private final MeterRegistry registry;
    private final Duration timeout;
    private final Map<GroupPartition, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, List.of(), null);

    /**
     * Where one group's lag comes from.
     *
     * @param routes the group's routes
     * @param group the Kafka consumer group, asked at each computation (the container's, once it exists)
     * @param owned the partitions this instance's container of the group has assigned now: the gauge is exported for
     *     these
     */
    public record Source(Routes routes, Supplier<String> group, Supplier<Collection<TopicPartition>> owned) {}

    /** The lag of one group (tests). */
    public ConsumerLag(
            Admin admin,
            Routes routes,
            Supplier<String> group,
            Supplier<Collection<TopicPartition>> owned,
            MeterRegistry registry,
            Duration timeout) {
        this(admin, List.of(new Source(routes, group, owned)), registry, timeout);
    }

    public ConsumerLag(Admin admin, List<Source> sources, MeterRegistry registry, Duration timeout) {
        this.admin = admin;
        this.sources = List.copyOf(sources);
        this.registry = registry;
        this.timeout = timeout;
    }

    /** Computes the lag now; the schedule calls this, and a failure keeps the previous values with its reason. */
    @Override
    public void run() {
        List<String> groupIds = new ArrayList<>();
        for (Source source : sources) {
            groupIds.add(source.group().get());
        }
        try {
            List<GroupLag> lag = compute(groupIds);
            publish(lag);
            snapshot = new Snapshot(Instant.now(), lag, null);
        } catch (InterruptedException ex) {
            // The schedule is stopping with the context.
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            log.warn("consumer lag not computed: groups={} reason=\"{}\"", groupIds, ex.toString());
            snapshot = new Snapshot(snapshot.computedAt(), snapshot.groups(), ex.toString());
        }
    }

    /** The last computed lag. */
    public Snapshot snapshot() {
        return snapshot;
    }

    private List<GroupLag> compute(List<String> groupIds) throws Exception {
        long millis = timeout.toMillis();
        Set<String> names = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
        List<Set<String>> topicsOf = new ArrayList<>();
        Set<String> topics = new HashSet<>();
        for (Source source : sources) {
            Set<String> read = new HashSet<>();
            for (String topic : names) {
                if (!source.routes().forTopic(topic).isEmpty()) {
                    read.add(topic);
                }
            }
            topicsOf.add(read);
            topics.addAll(read);
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        if (!topics.isEmpty()) {
            for (TopicDescription topic : admin.describeTopics(topics)
                    .allTopicNames()
                    .get(millis, TimeUnit.MILLISECONDS)
                    .values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
                }
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                latest.isEmpty() ? Map.of() : admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
        List<GroupLag> lag = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            lag.add(new GroupLag(
                    groupIds.get(i), sources.get(i).routes(), compute(groupIds.get(i), topicsOf.get(i), ends)));
        }
        return lag;
    }

    private Map<TopicPartition, Long> compute(
            String groupId, Set<String> topics, Map<TopicPartition, ListOffsetsResultInfo> ends) throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        long millis = timeout.toMillis();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition partition : ends.keySet()) {
            if (topics.contains(partition.topic()) && committed.get(partition) == null) {
                earliest.put(partition, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty()
                ? Map.of()
                : admin.listOffsets(earliest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            if (!topics.contains(end.getKey().topic())) {
                continue;
            }
            OffsetAndMetadata commit = committed.get(end.getKey());
            // The earliest offsets were asked for exactly the partitions without a committed offset.
            long from = commit != null
                    ? commit.offset()
                    : Objects.requireNonNull(starts.get(end.getKey())).offset();
            lag.put(end.getKey(), Math.max(0, end.getValue().offset() - from));
        }
        return lag;
    }

    private void publish(List<GroupLag> lag) {
        Set<GroupPartition> current = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            GroupLag group = lag.get(i);
            Set<TopicPartition> mine = new HashSet<>(sources.get(i).owned().get());
            for (Map.Entry<TopicPartition, Long> partition : group.partitions().entrySet()) {
                if (mine.contains(partition.getKey())) {
                    GroupPartition key = new GroupPartition(group.group(), partition.getKey());
                    current.add(key);
                    gauges.computeIfAbsent(key, this::register).set(partition.getValue());
                }
            }
        }
        // A partition that moved to another instance is exported there; a deleted topic's would report its last lag for
        // ever.
        gauges.keySet().removeIf(key -> {
            if (current.contains(key)) {
                return false;
            }
            registry.find("sink.consumer.lag")
                    .tag("group", key.group())
                    .tag("topic", key.partition().topic())
                    .tag("partition", Integer.toString(key.partition().partition()))
                    .meters()
                    .forEach(registry::remove);
            return true;
        });
    }

    private record GroupPartition(String group, TopicPartition partition) {}

    private AtomicLong register(GroupPartition key) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("sink.consumer.lag", value, AtomicLong::get)
                .description(
                        "Records in the partition that the sink's consumer group has not committed yet; exported by"
                                + " the instance that owns the partition")
                .tag("group", key.group())
                .tag("topic", key.partition().topic())
                .tag("partition", Integer.toString(key.partition().partition()))
                .register(registry);
        return value;
    }

    /**
     * One group's lag.
     *
     * @param group the Kafka consumer group
     * @param routes its routes
     * @param partitions lag per partition of its routes' topics
     */
    public record GroupLag(String group, Routes routes, Map<TopicPartition, Long> partitions) {}

    /**
     * The lag as last computed.
     *
     * @param computedAt when it was last computed successfully; null before the first success
     * @param groups lag of each group
     * @param error why the last computation failed; null when it succeeded
     */
    public record Snapshot(
            @Nullable Instant computedAt,
            List<GroupLag> groups,
            @Nullable String error) {

        /** The lag per partition summed over the groups. */
        public Map<TopicPartition, Long> partitions() {
            Map<TopicPartition, Long> sum = new HashMap<>();
            for (GroupLag group : groups) {
                group.partitions().forEach((partition, lag) -> sum.merge(partition, lag, Long::sum));
            }
            return sum;
        }

        /** The lag over all partitions of all groups. */
        public long total() {
            long total = 0;
            for (GroupLag group : groups) {
                for (long lag : group.partitions().values()) {
                    total += lag;
                }
            }
            return total;
        }

        /** The lag of the route's topics in its group; routes of one group that share a topic share its lag. */
        public long total(SinkRoute route) {
            long total = 0;
            for (long lag : byPartition(route).values()) {
                total += lag;
            }
            return total;
        }

        /** The lag of each partition of the route's topics in its group, keyed {@code topic-partition}, in order. */
        public Map<String, Long> byPartition(SinkRoute route) {
            Map<String, Long> lag = new TreeMap<>();
            for (GroupLag group : groups) {
                if (!group.routes().all().contains(route)) {
                    continue;
                }
                for (Map.Entry<TopicPartition, Long> partition :
                        group.partitions().entrySet()) {
                    if (route.plan().matchesTopic(partition.getKey().topic())) {
                        lag.put(partition.getKey().toString(), partition.getValue());
                    }
                }
            }
            return lag;
        }
    }
}
