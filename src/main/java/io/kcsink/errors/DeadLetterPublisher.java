package io.kcsink.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes records that can never be written to their dead-letter topic, with the original key and value bytes and
 * headers that say why: Spring Kafka's {@code kafka_dlt-*} headers (original topic, partition, offset, timestamp,
 * exception class and message) plus {@code sink-failure-stage}, {@code -route}, {@code -path} and {@code -column}.
 *
 * <p>Unlike its parent, it does not wait for each send: a batch's sends are awaited together in
 * {@link #awaitPublished()}, so that a 1% poison rate costs one round trip per batch, not one per bad record.
 */
public final class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    /** Header naming the stage where the record failed: decode, map or write. */
    public static final String STAGE = "sink-failure-stage";
    /** Header naming the route the record failed in. */
    public static final String ROUTE = "sink-failure-route";
    /** Header naming the field path that failed, when one did. */
    public static final String PATH = "sink-failure-path";
    /** Header naming the column that failed, when one did. */
    public static final String COLUMN = "sink-failure-column";

    private final Duration sendTimeout;
    private final ThreadLocal<List<CompletableFuture<SendResult<Object, Object>>>> pending =
            ThreadLocal.withInitial(ArrayList::new);

    /**
     * @param template the producer for dead-letter records, with byte array serializers
     * @param deadLetterTopic the dead-letter topic of a failed record, given the failure (which names its route)
     * @param sendTimeout how long to wait for the broker to acknowledge a batch's dead-letter records
     */
    public DeadLetterPublisher(
            KafkaOperations<byte[], byte[]> template,
            BiFunction<ConsumerRecord<?, ?>, Exception, String> deadLetterTopic,
            Duration sendTimeout) {
        // A negative partition lets the producer choose, so the dead-letter topic may have fewer partitions.
        super(template, (record, ex) -> new TopicPartition(deadLetterTopic.apply(record, ex), -1));
        this.sendTimeout = sendTimeout;
        setHeadersFunction(DeadLetterPublisher::failureHeaders);
        setFailIfSendResultIsError(true);
    }

    @Override
    protected void verifySendResult(
            KafkaOperations<Object, Object> kafkaTemplate,
            ProducerRecord<Object, Object> outRecord,
            CompletableFuture<SendResult<Object, Object>> sendResultFuture,
            ConsumerRecord<?, ?> inRecord) {
        pending.get().add(sendResultFuture);
    }

    /**
     * Waits until every record published by this thread since the last call is acknowledged.
     *
     * @throws RetriableBatchException when one could not be published: those records must not be committed
     */
    public void awaitPublished() {
        List<CompletableFuture<SendResult<Object, Object>>> sends = pending.get();
        try {
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (CompletableFuture<SendResult<Object, Object>> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException ex) {
            throw new RetriableBatchException("publishing to the dead-letter topic failed: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RetriableBatchException("interrupted while publishing to the dead-letter topic", ex);
        } finally {
            sends.clear();
        }
    }

    private static Headers failureHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        Headers headers = new RecordHeaders();
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RecordFailureException failure) {
                add(headers, STAGE, failure.stage().label());
                add(headers, ROUTE, failure.route());
                add(headers, PATH, failure.path());
                add(headers, COLUMN, failure.column());
                break;
            }
        }
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
