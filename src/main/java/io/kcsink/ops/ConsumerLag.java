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
 * The consumer lag of the sink's group: per partition of the routes' topics, the log end offset minus the group's
 * committed offset. Computed on a schedule through the admin client, never per request. A partition the group has
 * never committed counts from its earliest offset, which is where the service's default
 * {@code auto-offset-reset: earliest} starts reading.
 *
 * <p>The {@link #snapshot() snapshot} holds every partition of the group (the {@code sink} endpoint, the
 * {@code sinkLag} health and the progress log show the group's lag). The gauge {@code sink.consumer.lag}, tagged group,
 * topic and partition, is exported only for the partitions this instance's listener container owns at the time of the
 * computation: each partition is exported by one instance, so summing the gauge over instances gives the group's lag
 * instead of replicas times it. Right after a rebalance, until each instance's next computation, a partition may be
 * exported by its old and its new owner at once, or by neither.
 */
public final class ConsumerLag implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final Routes routes;
    private final Supplier<String> group;
    private final Supplier<Collection<TopicPartition>> owned;
    private final MeterRegistry registry;
    private final Duration timeout;
    private final Map<TopicPartition, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, Map.of(), null);

    /**
     * @param owned the partitions this instance's listener container has assigned now: the gauge is exported for these
     */
    public ConsumerLag(
            Admin admin,
            Routes routes,
            Supplier<String> group,
            Supplier<Collection<TopicPartition>> owned,
            MeterRegistry registry,
            Duration timeout) {
        this.admin = admin;
        this.routes = routes;
        this.group = group;
        this.owned = owned;
        this.registry = registry;
        this.timeout = timeout;
    }

    /** Computes the lag now; the schedule calls this, and a failure keeps the previous values with its reason. */
    @Override
    public void run() {
        String groupId = group.get();
        try {
            Map<TopicPartition, Long> lag = compute(groupId);
            publish(groupId, lag);
            snapshot = new Snapshot(Instant.now(), lag, null);
        } catch (InterruptedException ex) {
            // The schedule is stopping with the context.
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            log.warn("consumer lag not computed: group={} reason=\"{}\"", groupId, ex.toString());
            snapshot = new Snapshot(snapshot.computedAt(), snapshot.partitions(), ex.toString());
        }
    }

    /** The last computed lag. */
    public Snapshot snapshot() {
        return snapshot;
    }

    private Map<TopicPartition, Long> compute(String groupId) throws Exception {
        long millis = timeout.toMillis();
        List<String> topics = new ArrayList<>();
        for (String topic : admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS)) {
            if (!routes.forTopic(topic).isEmpty()) {
                topics.add(topic);
            }
        }
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics)
                .allTopicNames()
                .get(millis, TimeUnit.MILLISECONDS)
                .values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition partition : latest.keySet()) {
            if (committed.get(partition) == null) {
                earliest.put(partition, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty()
                ? Map.of()
                : admin.listOffsets(earliest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata commit = committed.get(end.getKey());
            // The earliest offsets were asked for exactly the partitions without a committed offset.
            long from = commit != null
                    ? commit.offset()
                    : Objects.requireNonNull(starts.get(end.getKey())).offset();
            lag.put(end.getKey(), Math.max(0, end.getValue().offset() - from));
        }
        return lag;
    }

    private void publish(String groupId, Map<TopicPartition, Long> lag) {
        Set<TopicPartition> mine = new HashSet<>(owned.get());
        for (Map.Entry<TopicPartition, Long> partition : lag.entrySet()) {
            if (mine.contains(partition.getKey())) {
                gauges.computeIfAbsent(partition.getKey(), tp -> register(groupId, tp))
                        .set(partition.getValue());
            }
        }
        // A partition that moved to another instance is exported there; a deleted topic's would report its last lag for
        // ever.
        gauges.keySet().removeIf(tp -> {
            if (lag.containsKey(tp) && mine.contains(tp)) {
                return false;
            }
            registry.find("sink.consumer.lag")
                    .tag("topic", tp.topic())
                    .tag("partition", Integer.toString(tp.partition()))
                    .meters()
                    .forEach(registry::remove);
            return true;
        });
    }

    private AtomicLong register(String groupId, TopicPartition partition) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("sink.consumer.lag", value, AtomicLong::get)
                .description(
                        "Records in the partition that the sink's consumer group has not committed yet; exported by"
                                + " the instance that owns the partition")
                .tag("group", groupId)
                .tag("topic", partition.topic())
                .tag("partition", Integer.toString(partition.partition()))
                .register(registry);
        return value;
    }

    /**
     * The lag as last computed.
     *
     * @param computedAt when it was last computed successfully; null before the first success
     * @param partitions lag per partition of the routes' topics
     * @param error why the last computation failed; null when it succeeded
     */
    public record Snapshot(
            @Nullable Instant computedAt,
            Map<TopicPartition, Long> partitions,
            @Nullable String error) {

        /** The lag over all partitions of all routes' topics. */
        public long total() {
            long total = 0;
            for (long lag : partitions.values()) {
                total += lag;
            }
            return total;
        }

        /** The lag of the route's topics; routes that share a topic share its lag. */
        public long total(SinkRoute route) {
            long total = 0;
            for (Map.Entry<TopicPartition, Long> partition : partitions.entrySet()) {
                if (route.plan().matchesTopic(partition.getKey().topic())) {
                    total += partition.getValue();
                }
            }
            return total;
        }

        /** The lag of each partition of the route's topics, keyed {@code topic-partition}, in order. */
        public Map<String, Long> byPartition(SinkRoute route) {
            Map<String, Long> lag = new TreeMap<>();
            for (Map.Entry<TopicPartition, Long> partition : partitions.entrySet()) {
                if (route.plan().matchesTopic(partition.getKey().topic())) {
                    lag.put(partition.getKey().toString(), partition.getValue());
                }
            }
            return lag;
        }
    }
}
