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
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
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
public final class DeadLetterPublisher extends DeadLetterPublishingRecoverer implements DeadLetters {

    /** Header naming the stage where the record failed: decode, map or write. */
    public static final String STAGE = "sink-failure-stage";
    /** Header naming the route the record failed in. */
    public static final String ROUTE = "sink-failure-route";
    /** Header naming the field path that failed, when one did. */
    public static final String PATH = "sink-failure-path";
    /** Header naming the column that failed, when one did. */
    public static final String COLUMN = "sink-failure-column";

    /** Header set instead of the value when the record is too large for the dead-letter topic: the value's size. */
    public static final String VALUE_OMITTED = "sink-dlt-value-omitted";

    private final KafkaOperations<byte[], byte[]> template;
    private final Duration sendTimeout;
    private final ThreadLocal<List<Pending>> pending = ThreadLocal.withInitial(ArrayList::new);
    private final ThreadLocal<@Nullable Throwable> lastFailure = new ThreadLocal<>();

    private record Pending(
            ProducerRecord<Object, Object> record,
            ConsumerRecord<?, ?> source,
            CompletableFuture<SendResult<Object, Object>> send) {}

    /**
     * @param template the producer for dead-letter records, with byte array serializers
     * @param deadLetterTopic the dead-letter topic of a failed record, given the failure (which names its route)
     * @param sendTimeout how long to wait for the broker to acknowledge a batch's dead-letter records
     * @param stackTrace whether to add the failure's stack trace header ({@code kafka_dlt-exception-stacktrace}): 10 to
     *     20 kB per record, which would make a 1% poison rate write more bytes to the dead-letter topic than the whole
     *     input stream
     */
    public DeadLetterPublisher(
            KafkaOperations<byte[], byte[]> template,
            BiFunction<ConsumerRecord<?, ?>, Exception, String> deadLetterTopic,
            Duration sendTimeout,
            boolean stackTrace) {
        // A negative partition lets the producer choose, so the dead-letter topic may have fewer partitions.
        super(template, (record, ex) -> new TopicPartition(deadLetterTopic.apply(record, ex), -1));
        this.template = template;
        this.sendTimeout = sendTimeout;
        setHeadersFunction(DeadLetterPublisher::failureHeaders);
        setFailIfSendResultIsError(true);
        if (!stackTrace) {
            excludeHeader(HeaderNames.HeadersToAdd.EX_STACKTRACE);
        }
    }

    @Override
    public void park(ConsumerRecord<?, ?> record, RecordFailureException reason) {
        accept(record, null, reason);
    }

    /** Sends without waiting; {@link #awaitPublished()} waits for the batch's sends together. */
    @Override
    protected void publish(
            ProducerRecord<Object, Object> outRecord,
            KafkaOperations<Object, Object> kafkaTemplate,
            ConsumerRecord<?, ?> inRecord) {
        CompletableFuture<SendResult<Object, Object>> send;
        try {
            send = kafkaTemplate.send(outRecord);
        } catch (RuntimeException ex) {
            // A send that fails at once (e.g. a record over max.request.size) is handled like one that fails later.
            send = CompletableFuture.failedFuture(ex);
        }
        pending.get().add(new Pending(outRecord, inRecord, send));
    }

    /**
     * Waits until every record published by this thread since the last call is acknowledged, or has failed.
     *
     * @return the records that could not be published; they must not be committed
     */
    @Override
    public List<ConsumerRecord<?, ?>> awaitPublished() {
        lastFailure.remove();
        List<Pending> sends = pending.get();
        List<ConsumerRecord<?, ?>> failed = new ArrayList<>();
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            for (Pending send : sends) {
                if (!acknowledged(send, deadline)) {
                    failed.add(send.source());
                }
            }
        } finally {
            sends.clear();
        }
        return failed;
    }

    /**
     * Why the last record that {@link #awaitPublished()} reported on this thread could not be published (an
     * authorization failure of the producer, a timeout...), or null when all were.
     */
    @Override
    public @Nullable Throwable lastFailure() {
        return lastFailure.get();
    }

    private boolean acknowledged(Pending send, long deadline) {
        try {
            try {
                send.send().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException ex) {
                if (!tooLarge(ex)) {
                    throw ex;
                }
                // Larger than the dead-letter topic takes: park it without its value, which stays readable in the
                // original topic at the offset the headers name, rather than block the partition for ever.
                withoutValue(send.record()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException ex) {
            lastFailure.set(ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex);
            logger.warn(
                    ex,
                    () -> "dead-letter record not acknowledged for "
                            + send.source().topic() + "-" + send.source().partition() + "@"
                            + send.source().offset() + "; it will be retried");
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean tooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<SendResult<byte[], byte[]>> withoutValue(ProducerRecord<Object, Object> record) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        int size = record.value() instanceof byte[] bytes ? bytes.length : 0;
        headers.add(VALUE_OMITTED, Integer.toString(size).getBytes(StandardCharsets.UTF_8));
        return template.send(new ProducerRecord<>(
                record.topic(), record.partition(), record.timestamp(), (byte[]) record.key(), null, headers));
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

    private static void add(Headers headers, String name, @Nullable String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
