package io.kcsink.errors;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The error handler of the sink's batch listener: a failed delivery is read again from the broker after a back-off,
 * never retried from memory, and never committed. The listener may have earlier batches in flight when a later one
 * fails, so it notes in {@link Redelivery} how far back each partition must be read; this handler adds the first record
 * of each partition of the failed delivery, seeks there, and waits out the back-off with the consumer paused but
 * polling, so that it stays in its group (stopping early when the container stops). spring-kafka's {@code DefaultErrorHandler} retries a failed batch in memory, which would deliver
 * that batch again but not the in-flight ones before it.
 */
public final class RedeliveryErrorHandler implements CommonErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RedeliveryErrorHandler.class);

    /** The longest single poll while waiting out a back-off. */
    private static final Duration POLL_WHILE_WAITING = Duration.ofMillis(500);

    private final ThreadLocal<@Nullable Boolean> backingOff = new ThreadLocal<>();
    private final Redelivery redelivery;
    private final List<RetryListener> retryListeners;

    public RedeliveryErrorHandler(Redelivery redelivery, List<RetryListener> retryListeners) {
        this.redelivery = redelivery;
        this.retryListeners = List.copyOf(retryListeners);
    }

    @Override
    public void handleBatch(
            Exception thrownException,
            ConsumerRecords<?, ?> data,
            Consumer<?, ?> consumer,
            MessageListenerContainer container,
            Runnable invokeListener) {
        for (TopicPartition partition : data.partitions()) {
            List<? extends ConsumerRecord<?, ?>> records = data.records(partition);
            if (!records.isEmpty()) {
                redelivery.rewind(records.get(0));
            }
        }
        Map<TopicPartition, Long> sought = redelivery.seekBack(consumer);
        long wait = redelivery.failedDelivery();
        int attempt = redelivery.failedDeliveries();
        for (RetryListener listener : retryListeners) {
            listener.failedDelivery(data, thrownException, attempt);
        }
        Throwable cause = thrownException.getCause() != null ? thrownException.getCause() : thrownException;
        if (wait == BackOffExecution.STOP) {
            log.warn(
                    "delivery failed {} times, retries exhausted (sink.retry.max-attempts): the next delivery parks"
                            + " what still fails; reading again from {}: {}",
                    attempt,
                    sought,
                    cause.getMessage());
        } else {
            log.warn(
                    "delivery failed and will be read again from {} in {} ms (failed deliveries: {}): {}",
                    sought,
                    wait,
                    attempt,
                    cause.getMessage());
            waitPolling(consumer, container, wait);
        }
        // Thrown, as spring-kafka's own handlers do after a seek, so that the container commits nothing of the
        // delivery.
        throw new KafkaException("read again after a failed delivery", KafkaException.Level.DEBUG, thrownException);
    }

    /**
     * Waits out the back-off with every partition paused, polling so that the consumer stays in its group
     * ({@code max.poll.interval.ms}) and takes part in rebalances; partitions assigned meanwhile are paused too
     * ({@link #onPartitionsAssigned}). Partitions that were paused before (a paused route) stay paused.
     */
    private void waitPolling(Consumer<?, ?> consumer, MessageListenerContainer container, long wait) {
        Set<TopicPartition> pausedBefore = new HashSet<>(consumer.paused());
        backingOff.set(Boolean.TRUE);
        consumer.pause(consumer.assignment());
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        try {
            long left;
            while (container.isRunning() && (left = end - System.nanoTime()) > 0) {
                ConsumerRecords<?, ?> received =
                        consumer.poll(Duration.ofNanos(Math.min(left, POLL_WHILE_WAITING.toNanos())));
                // Nothing is fetched for a paused partition; should a poll return records, they are read again.
                for (TopicPartition partition : received.partitions()) {
                    consumer.seek(partition, received.records(partition).get(0).offset());
                }
            }
        } finally {
            backingOff.remove();
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(pausedBefore);
            resume.removeIf(container::isPartitionPauseRequested);
            consumer.resume(resume);
        }
    }

    /** Partitions assigned while the handler waits are paused as well, so that no poll of the wait fetches them. */
    @Override
    public void onPartitionsAssigned(
            Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Runnable publishPause) {
        if (backingOff.get() != null) {
            consumer.pause(partitions);
            publishPause.run();
        }
    }

    @Override
    public boolean seeksAfterHandling() {
        return true;
    }
}
