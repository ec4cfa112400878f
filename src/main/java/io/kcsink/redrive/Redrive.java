package io.kcsink.redrive;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.errors.Redelivery;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkListener;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.ingest.WriteClocks;
import io.kcsink.write.BatchWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Re-drives a dead-letter topic: reads it from its re-drive consumer group's committed position up to the end offsets
 * captured when it starts, sends each selected record through its route as the record of its original topic, writes
 * what now succeeds, parks what fails again back in the same dead-letter topic (one more {@code sink-redrive-attempts}),
 * and commits the group's offsets after each poll is settled, as the service's own listener does. One re-drive runs at
 * a time per instance.
 */
public final class Redrive {

    private static final Logger log = LoggerFactory.getLogger(Redrive.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Function<String, Consumer<byte[], byte[]>> consumers;
    private final Routes routes;
    private final BatchWriter writer;
    private final KafkaOperations<byte[], byte[]> deadLetterTemplate;
    private final Duration sendTimeout;
    private final boolean stackTrace;
    private final String group;
    private final RedriveMetrics metrics;
    private final ReentrantLock running = new ReentrantLock();

    /**
     * @param consumers a new consumer of raw bytes in the given group, with the service's connection settings
     * @param group the re-drive's consumer group, whose committed offsets say where the next re-drive starts
     * @param sendTimeout how long to wait for the broker to acknowledge a poll's dead letters
     * @param stackTrace whether dead letters parked again carry the stack trace header
     */
    public Redrive(
            Function<String, Consumer<byte[], byte[]>> consumers,
            Routes routes,
            BatchWriter writer,
            KafkaOperations<byte[], byte[]> deadLetterTemplate,
            Duration sendTimeout,
            boolean stackTrace,
            String group,
            RedriveMetrics metrics) {
        this.consumers = consumers;
        this.routes = routes;
        this.writer = writer;
        this.deadLetterTemplate = deadLetterTemplate;
        this.sendTimeout = sendTimeout;
        this.stackTrace = stackTrace;
        this.group = group;
        this.metrics = metrics;
    }

    /** The re-drive's own consumer group, used when a request names none. */
    public String group() {
        return group;
    }

    /**
     * Re-drives the request's dead-letter topic up to its end offsets of now.
     *
     * @throws IllegalArgumentException when the topic does not exist or the target route is not one of the service's
     * @throws IllegalStateException when a re-drive is running already
     * @throws RedriveException when a write or a dead letter failed for a reason that a retry may cure
     */
    public RedriveCounts run(RedriveRequest request) {
        String targetRoute = request.targetRoute();
        if (targetRoute != null && routes.all().stream().noneMatch(r -> r.name().equals(targetRoute))) {
            throw new IllegalArgumentException("no route named '" + targetRoute + "' to re-drive through; routes: "
                    + routes.all().stream().map(SinkRoute::name).toList());
        }
        if (!running.tryLock()) {
            throw new IllegalStateException("a re-drive is running already on this instance; wait for it to finish");
        }
        String group = request.group() != null ? request.group() : this.group;
        try (Consumer<byte[], byte[]> consumer = consumers.apply(group)) {
            return run(request, group, consumer);
        } finally {
            running.unlock();
        }
    }

    private RedriveCounts run(RedriveRequest request, String group, Consumer<byte[], byte[]> consumer) {
        String topic = request.topic();
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("dead-letter topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Set<TopicPartition> open = new LinkedHashSet<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata start = committed.get(partition);
            if (start == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, start.offset());
            }
            if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
                open.add(partition);
            } else {
                consumer.pause(List.of(partition));
            }
        }
        log.info(
                "re-drive started topic={} group={} end_offsets={} selection={} target_route={}",
                topic,
                group,
                ends,
                request.selection(),
                request.targetRoute());
        Passes passes = new Passes(topic);
        RedriveCounts counts = RedriveCounts.NONE;
        while (!open.isEmpty()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (TopicPartition partition : polled.partitions()) {
                long end = ends.getOrDefault(partition, 0L);
                for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                    if (record.offset() < end) {
                        batch.add(record);
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition partition : List.copyOf(open)) {
                long end = ends.getOrDefault(partition, 0L);
                long position = consumer.position(partition);
                if (position >= end) {
                    open.remove(partition);
                    consumer.pause(List.of(partition));
                }
                commit.put(partition, new OffsetAndMetadata(Math.min(position, end)));
            }
            RedriveCounts done;
            try {
                done = passes.redrive(RedriveBatch.sort(batch, request, passes.routesByName()));
            } catch (RetriableBatchException | InterruptedException failure) {
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("re-drive stopped topic={} group={} {}: {}", topic, group, counts, failure.getMessage());
                throw new RedriveException(
                        "re-drive of " + topic + " stopped, its last poll uncommitted: " + failure.getMessage(),
                        counts,
                        failure);
            }
            consumer.commitSync(commit);
            metrics.record(topic, done);
            counts = counts.plus(done);
        }
        log.info("re-drive done topic={} group={} {}", topic, group, counts);
        return counts;
    }

    /** The listeners of one re-drive, one per route, each parking what fails in the dead-letter topic read. */
    private final class Passes {

        private final Map<String, SinkRoute> byName = new LinkedHashMap<>();
        private final Map<SinkRoute, SinkListener> listeners = new HashMap<>();
        private final DeadLetterPublisher deadLetters;
        private final Map<ConsumerRecord<?, ?>, Integer> attempts = new java.util.IdentityHashMap<>();
        private final Counting events = new Counting();

        Passes(String topic) {
            for (SinkRoute route : routes.all()) {
                // Whatever the route's error policy now, what fails again goes back where it was read from.
                byName.put(route.name(), route.parkingIn(topic));
            }
            deadLetters = ParkingAgain.publisher(deadLetterTemplate, topic, attempts, sendTimeout, stackTrace);
        }

        Map<String, SinkRoute> routesByName() {
            return byName;
        }

        /** Sends the sorted records through their routes; returns once each is written or parked again. */
        RedriveCounts redrive(RedriveBatch batch) throws InterruptedException {
            attempts.clear();
            attempts.putAll(batch.attempts);
            events.reset();
            for (Map.Entry<SinkRoute, List<ConsumerRecord<byte[], byte[]>>> route : batch.byRoute.entrySet()) {
                listener(route.getKey()).onBatch(route.getValue(), null, null);
            }
            return new RedriveCounts(
                    batch.read, batch.selected, events.written, events.parked, batch.skipped, batch.unusable);
        }

        private SinkListener listener(SinkRoute route) {
            return listeners.computeIfAbsent(
                    route,
                    r -> new SinkListener(
                            new Routes(List.of(r)),
                            writer,
                            deadLetters,
                            events,
                            // Each record is written at its own timestamp (write-time=record-timestamp): the
                            // clock of its partition on first delivery is not known here, and was never earlier.
                            new WriteClocks(false),
                            new Redelivery(new FixedBackOff(0)),
                            null,
                            Integer.MAX_VALUE,
                            SinkListener.FAILURES_LOGGED_PER_MINUTE));
        }
    }

    /** Counts what the listeners did with one poll's records. */
    private static final class Counting implements SinkEvents {
        long written;
        long parked;

        void reset() {
            written = 0;
            parked = 0;
        }

        @Override
        public void received(SinkRoute route) {}

        @Override
        public void written(SinkRoute route) {
            written++;
        }

        @Override
        public void deadLettered(SinkRoute route, Stage stage) {
            parked++;
        }

        @Override
        public void skipped(SinkRoute route, Stage stage) {}
    }
}
