package io.kcsink.errors;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * How a failed delivery is delivered again, per consumer thread: by reading it again from the broker, never from memory.
 * The listener, whose batches may still be in flight when a later one fails, notes how far back each partition must be
 * read; the error handler seeks there and waits the back-off of {@code sink.retry.*} before the next poll. When the
 * back-off runs out ({@code sink.retry.max-attempts}), the next delivery parks what still fails instead of failing again.
 * A delivery that succeeds starts the back-off over.
 */
public final class Redelivery {

    private final BackOff backOff;
    private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);

    private static final class State {
        @Nullable
        BackOffExecution execution;

        int failedDeliveries;
        boolean exhausted;
        final Map<TopicPartition, Long> rewind = new HashMap<>();
    }

    public Redelivery(BackOff backOff) {
        this.backOff = backOff;
    }

    /** The listener: the partition's records from {@code offset} on must be delivered again (the lowest offset wins). */
    public void rewind(TopicPartition partition, long offset) {
        state.get().rewind.merge(partition, offset, Math::min);
    }

    /** The listener: the record must be delivered again, with every later record of its partition. */
    public void rewind(ConsumerRecord<?, ?> record) {
        rewind(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    /**
     * The error handler, on the consumer thread: seeks each partition that must be read again, still assigned to it, to
     * the first record to deliver again, and forgets the rewind.
     *
     * @return where each partition was sought to
     */
    public Map<TopicPartition, Long> seekBack(Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> rewind = state.get().rewind;
        Map<TopicPartition, Long> sought = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        rewind.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
                sought.put(partition, offset);
            }
        });
        rewind.clear();
        return sought;
    }

    /** The partitions to deliver again that the listener noted and no seek has consumed yet, for tests. */
    Map<TopicPartition, Long> pendingRewind() {
        return Map.copyOf(state.get().rewind);
    }

    /**
     * The error handler: counts a failed delivery and returns how long to wait before the next, or
     * {@link BackOffExecution#STOP} when the back-off has run out, after which {@link #exhausted()} holds.
     */
    public long failedDelivery() {
        State current = state.get();
        current.failedDeliveries++;
        if (current.execution == null) {
            current.execution = backOff.start();
        }
        long wait = current.execution.nextBackOff();
        if (wait == BackOffExecution.STOP) {
            current.exhausted = true;
        }
        return wait;
    }

    /** Failed deliveries since the last that succeeded, on this thread. */
    public int failedDeliveries() {
        return state.get().failedDeliveries;
    }

    /** The listener: whether the back-off has run out, so that what still fails is parked instead of retried. */
    public boolean exhausted() {
        return state.get().exhausted;
    }

    /** The listener: a delivery succeeded, so the next failure starts the back-off over. */
    public void succeeded() {
        State current = state.get();
        current.execution = null;
        current.failedDeliveries = 0;
        current.exhausted = false;
    }
}
