package io.kcsink.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The error handler of the sink's batch listener: a failed delivery is read again from the broker after a back-off,
 * never retried from memory, and never committed. The listener may have earlier batches in flight when a later one
 * fails, so it notes in {@link Redelivery} how far back each partition must be read; this handler adds the first record
 * of each partition of the failed delivery, seeks there, and waits on the consumer thread (stopping early when the
 * container stops). spring-kafka's {@code DefaultErrorHandler} retries a failed batch in memory, which would deliver
 * that batch again but not the in-flight ones before it.
 */
public final class RedeliveryErrorHandler implements CommonErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RedeliveryErrorHandler.class);

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
            try {
                ListenerUtils.stoppableSleep(container, wait);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        // Thrown, as spring-kafka's own handlers do after a seek, so that the container commits nothing of the
        // delivery.
        throw new KafkaException("read again after a failed delivery", KafkaException.Level.DEBUG, thrownException);
    }

    @Override
    public boolean seeksAfterHandling() {
        return true;
    }
}
