package io.kcsink.ingest;

import io.kcsink.errors.RetriableBatchException;
import io.kcsink.mapping.DecodedRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ListenerMetadata;
import org.springframework.kafka.listener.OffsetAndMetadataProvider;

/**
 * Gives each record the write time a route with {@code write-time=record-timestamp} writes (or deletes) it at: the
 * record's timestamp in microseconds, or one microsecond after the previous record of its partition when that is not
 * earlier.
 * So within a partition write times strictly increase with the offset, whatever the timestamps: of two records of one
 * key, the later offset always wins, also when a thousand or a million share one millisecond.
 *
 * <p>The clock of a partition is committed with its offset, as the commit's metadata, and resumed from there when the
 * partition is consumed again (after a restart, a rebalance, or a batch retried after a failure), so that a replay from
 * a committed offset gives every record the write time it had before. Without that metadata (the first start, offsets
 * reset by a tool), the clock starts from the record timestamps again.
 */
public final class WriteClocks implements OffsetAndMetadataProvider {

    /** The commit metadata that carries a partition's clock: this prefix, then the last write time in microseconds. */
    public static final String METADATA_PREFIX = "kcsink-write-clock=";

    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(30);

    /** Batch ends remembered per partition: the listener has at most two batches of a partition uncommitted. */
    private static final int ENDS = 4;

    private final boolean enabled;
    private final Map<TopicPartition, Clock> clocks = new ConcurrentHashMap<>();

    /**
     * One partition's clock: the offset after the last record it timed and the last write time it gave, and where it
     * started (the offset and the last write time before it), to start there again when that record comes again.
     */
    private static final class Clock {
        volatile long next;
        volatile long last;
        final long startOffset;
        final long startLast;
        final int generation;
        // Where batches of this partition ended, not yet committed: (next offset, last write time) pairs, newest last.
        // A batch is committed after the next one was timed when its writes were in flight meanwhile.
        final long[] endNext = new long[ENDS];
        final long[] endLast = new long[ENDS];
        int ends;

        Clock(long offset, long last, int generation) {
            this.next = offset;
            this.last = last;
            this.startOffset = offset;
            this.startLast = last;
            this.generation = generation;
        }
    }

    /** @param enabled whether any route writes at the record timestamp; if not, no clock runs and commits carry nothing */
    public WriteClocks(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The write time of each record of a batch, by index, or null when no route needs one. Records of one partition must
     * come in offset order, as a poll gives them.
     *
     * @param consumer the consumer of the batch, to read the committed clocks of partitions it has not timed since it
     *     was assigned them; null to time from memory alone (tests)
     * @throws RetriableBatchException when the committed clocks cannot be read now
     */
    public long @Nullable [] assign(List<? extends ConsumerRecord<?, ?>> records, @Nullable Consumer<?, ?> consumer) {
        if (!enabled) {
            return null;
        }
        int generation = consumer == null ? -1 : consumer.groupMetadata().generationId();
        Map<TopicPartition, Clock> batch = new HashMap<>();
        Map<TopicPartition, Long> stale = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!batch.containsKey(partition)) {
                Clock clock = clocks.get(partition);
                batch.put(partition, clock);
                if (clock == null || clock.generation != generation || record.offset() < clock.next) {
                    stale.put(partition, record.offset());
                }
            }
        }
        if (!stale.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(consumer, stale);
            stale.forEach((partition, offset) -> {
                Clock clock = resume(batch.get(partition), committed.get(partition), offset, generation);
                clocks.put(partition, clock);
                batch.put(partition, clock);
            });
        }
        long[] times = new long[records.size()];
        TopicPartition current = null;
        Clock clock = null;
        for (int i = 0; i < times.length; i++) {
            ConsumerRecord<?, ?> record = records.get(i);
            if (current == null
                    || record.partition() != current.partition()
                    || !record.topic().equals(current.topic())) {
                current = new TopicPartition(record.topic(), record.partition());
                clock = batch.get(current);
            }
            // Every partition of the batch got its clock above.
            times[i] = tick(java.util.Objects.requireNonNull(clock), record.offset(), record.timestamp());
        }
        for (Clock timed : batch.values()) {
            synchronized (timed) {
                int slot = timed.ends++ % ENDS;
                timed.endNext[slot] = timed.next;
                timed.endLast[slot] = timed.last;
            }
        }
        return times;
    }

    /** The next write time of a partition: the record's timestamp in µs, at least one µs after the previous one. */
    static long tick(Clock clock, long offset, long timestamp) {
        clock.next = offset + 1;
        long own = DecodedRecord.micros(timestamp);
        if (own == DecodedRecord.NO_WRITE_TIME) {
            return own; // refused by the routes that need it; it does not move the clock
        }
        long time = clock.last == Long.MIN_VALUE ? own : Math.max(own, clock.last + 1);
        clock.last = time;
        return time;
    }

    /**
     * A partition's clock for a batch starting at {@code offset}: exactly the committed one when the batch starts at the
     * committed offset (the first after it), or the one this instance started from when nothing is committed and the
     * batch starts where this instance started; else never below what this instance or the commit knew, which keeps the
     * order.
     */
    private static Clock resume(
            @Nullable Clock known, @Nullable OffsetAndMetadata committed, long offset, int generation) {
        Long stored = committed == null ? null : stored(committed.metadata());
        Clock mine = known != null && known.generation == generation ? known : null;
        long last;
        if (committed != null && stored != null && committed.offset() <= offset) {
            last = stored; // offsets between the two, if any, hold no record: a gap of a compacted topic, say
        } else if (mine != null && mine.startOffset == offset && committed == null) {
            last = mine.startLast;
        } else {
            last = Math.max(stored == null ? Long.MIN_VALUE : stored, mine != null ? mine.last : Long.MIN_VALUE);
        }
        return new Clock(offset, last, generation);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(
            @Nullable Consumer<?, ?> consumer, Map<TopicPartition, Long> partitions) {
        if (consumer == null) {
            return Map.of();
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    consumer.committed(partitions.keySet(), COMMITTED_TIMEOUT);
            return committed == null ? Map.of() : committed;
        } catch (KafkaException e) {
            throw new RetriableBatchException(
                    "cannot read the committed write clocks of " + partitions.keySet() + " and will retry: " + e, e);
        }
    }

    /** The clock stored in commit metadata, or null when the metadata holds none. */
    static @Nullable Long stored(@Nullable String metadata) {
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return null;
        }
        try {
            return Long.parseLong(metadata.substring(METADATA_PREFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The commit of an offset, with the clock of the partition that committed it. spring-kafka does not say which
     * partition that is, so every clock whose next offset it is qualifies, and the latest wins: a resumed clock may then
     * run ahead of the one it continues, which keeps the order.
     */
    @Override
    public OffsetAndMetadata provide(ListenerMetadata listenerMetadata, long offset) {
        long last = Long.MIN_VALUE;
        for (Clock clock : clocks.values()) {
            synchronized (clock) {
                for (int i = 0; i < Math.min(clock.ends, ENDS); i++) {
                    if (clock.endNext[i] == offset && clock.endLast[i] > last) {
                        last = clock.endLast[i];
                    }
                }
            }
        }
        return last == Long.MIN_VALUE
                ? new OffsetAndMetadata(offset)
                : new OffsetAndMetadata(offset, METADATA_PREFIX + last);
    }
}
