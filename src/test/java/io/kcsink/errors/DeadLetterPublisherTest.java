package io.kcsink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** The dead-letter records' content and the batch-wise acknowledgement, with a template that records its sends. */
class DeadLetterPublisherTest {

    private static final byte[] KEY = "42".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{\"price\": “mention price”}".getBytes(StandardCharsets.UTF_8);

    private final ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("orders-topic", 3, 17L, KEY, VALUE);
    private final RecordFailureException failure = new RecordFailureException(
            Stage.MAP, "orders", "price", "price", "cannot convert \"abc\" to float", new NumberFormatException("abc"));

    @Test
    void parksTheOriginalBytesWithHeadersThatSayWhy() {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));
        DeadLetterPublisher publisher = publisher(template, false);

        publisher.accept(source, null, failure);

        assertThat(publisher.awaitPublished()).isEmpty();
        assertThat(template.sent).hasSize(1);
        ProducerRecord<byte[], byte[]> parked = template.sent.get(0);
        assertThat(parked.topic()).isEqualTo("orders-topic.DLT");
        assertThat(parked.key()).isEqualTo(KEY);
        assertThat(parked.value()).isEqualTo(VALUE);
        assertThat(header(parked, DeadLetterPublisher.STAGE)).isEqualTo("map");
        assertThat(header(parked, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
        assertThat(header(parked, DeadLetterPublisher.PATH)).isEqualTo("price");
        assertThat(header(parked, DeadLetterPublisher.COLUMN)).isEqualTo("price");
        assertThat(header(parked, "kafka_dlt-original-topic")).isEqualTo("orders-topic");
        assertThat(parked.headers().lastHeader("kafka_dlt-original-offset").value())
                .isEqualTo(java.nio.ByteBuffer.allocate(8).putLong(17L).array());
        assertThat(header(parked, "kafka_dlt-exception-message")).contains("cannot convert \"abc\" to float");
        assertThat(header(parked, "kafka_dlt-exception-fqcn")).isEqualTo(RecordFailureException.class.getName());
    }

    @Test
    void leavesTheStackTraceOutUnlessAskedFor() {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));

        DeadLetterPublisher without = publisher(template, false);
        without.accept(source, null, failure);
        without.awaitPublished();
        DeadLetterPublisher with = publisher(template, true);
        with.accept(source, null, failure);
        with.awaitPublished();

        assertThat(template.sent.get(0).headers().lastHeader("kafka_dlt-exception-stacktrace"))
                .isNull();
        assertThat(header(template.sent.get(1), "kafka_dlt-exception-stacktrace"))
                .contains("NumberFormatException: abc")
                .contains(DeadLetterPublisherTest.class.getName());
        int withoutBytes = headerBytes(template.sent.get(0));
        int withBytes = headerBytes(template.sent.get(1));
        assertThat(withoutBytes).isLessThan(withBytes / 5);
    }

    @Test
    void reportsTheRecordsTheBrokerDidNotAcknowledgeSoTheyAreNotCommitted() {
        ConsumerRecord<byte[], byte[]> other = new ConsumerRecord<>("orders-topic", 3, 18L, KEY, VALUE);
        RecordingTemplate template = new RecordingTemplate(record -> headerOffset(record) == 18L
                ? CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no leader"))
                : CompletableFuture.completedFuture(null));
        DeadLetterPublisher publisher = publisher(template, false);

        publisher.accept(source, null, failure);
        publisher.accept(other, null, failure);

        assertThat(publisher.awaitPublished()).containsExactly(other);
        // The next batch starts afresh: nothing of this one is awaited again.
        assertThat(publisher.awaitPublished()).isEmpty();
    }

    @Test
    void parksARecordTooLargeForTheDeadLetterTopicWithoutItsValue() {
        RecordingTemplate template = new RecordingTemplate(record -> record.value() != null
                ? CompletableFuture.failedFuture(new RecordTooLargeException("too large"))
                : CompletableFuture.completedFuture(null));
        DeadLetterPublisher publisher = publisher(template, false);

        publisher.accept(source, null, failure);

        assertThat(publisher.awaitPublished()).isEmpty();
        assertThat(template.sent).hasSize(2);
        ProducerRecord<byte[], byte[]> parked = template.sent.get(1);
        assertThat(parked.value()).isNull();
        assertThat(parked.key()).isEqualTo(KEY);
        assertThat(header(parked, DeadLetterPublisher.VALUE_OMITTED)).isEqualTo(Integer.toString(VALUE.length));
        assertThat(header(parked, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
    }

    @Test
    void namesWhyTheLastRecordWasNotPublishedAndForgetsItOnTheNextBatch() {
        org.apache.kafka.common.errors.TimeoutException noLeader =
                new org.apache.kafka.common.errors.TimeoutException("no leader");
        RecordingTemplate failing = new RecordingTemplate(record -> CompletableFuture.failedFuture(noLeader));
        DeadLetterPublisher publisher = publisher(failing, false);

        publisher.accept(source, null, failure);

        assertThat(publisher.awaitPublished()).containsExactly(source);
        assertThat(publisher.lastFailure()).isSameAs(noLeader);
        assertThat(failing.sent).as("only a record too large is sent again").hasSize(1);
        assertThat(publisher.awaitPublished()).isEmpty();
        assertThat(publisher.lastFailure()).isNull();
    }

    @Test
    void waitsForAnAcknowledgementThatComesWithinTheSendTimeout() {
        RecordingTemplate slow = new RecordingTemplate(record -> CompletableFuture.supplyAsync(
                () -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        DeadLetterPublisher publisher = publisher(slow, false);

        publisher.accept(source, null, failure);

        assertThat(publisher.awaitPublished()).isEmpty();
    }

    @Test
    void givesUpOnAnAcknowledgementThatDoesNotComeWithinTheSendTimeout() {
        RecordingTemplate silent = new RecordingTemplate(record -> new CompletableFuture<>());
        DeadLetterPublisher publisher =
                new DeadLetterPublisher(silent, (record, ex) -> "orders.DLT", Duration.ofMillis(200), false);

        publisher.accept(source, null, failure);

        long started = System.nanoTime();
        assertThat(publisher.awaitPublished()).containsExactly(source);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(publisher.lastFailure()).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void aRecordTooLargeIsResentWithoutItsValueWithinTheSameSendTimeout() {
        RecordingTemplate template = new RecordingTemplate(record -> record.value() != null
                ? CompletableFuture.failedFuture(
                        new org.apache.kafka.common.KafkaException("send failed", new RecordTooLargeException("big")))
                : CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        DeadLetterPublisher publisher = publisher(template, false);

        publisher.accept(source, null, failure);

        assertThat(publisher.awaitPublished()).isEmpty();
        assertThat(template.sent).hasSize(2);
        assertThat(template.sent.get(1).value()).isNull();
    }

    @Test
    void aResendWithoutTheValueThatIsNeverAcknowledgedIsGivenUpAtTheSendTimeout() {
        RecordingTemplate template = new RecordingTemplate(record -> record.value() != null
                ? CompletableFuture.failedFuture(new RecordTooLargeException("big"))
                : new CompletableFuture<>());
        DeadLetterPublisher publisher =
                new DeadLetterPublisher(template, (record, ex) -> "orders.DLT", Duration.ofMillis(200), false);

        publisher.accept(source, null, failure);

        long started = System.nanoTime();
        assertThat(publisher.awaitPublished()).containsExactly(source);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptedWaitLeavesTheRecordUncommittedAndTheThreadInterrupted() {
        RecordingTemplate silent = new RecordingTemplate(record -> new CompletableFuture<>());
        DeadLetterPublisher publisher = publisher(silent, false);
        publisher.accept(source, null, failure);

        Thread.currentThread().interrupt();
        List<ConsumerRecord<?, ?>> notPublished = publisher.awaitPublished();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(notPublished).containsExactly(source);
    }

    @Test
    void aFailureWithoutRecordContextGetsTheSpringHeadersOnly() {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));
        DeadLetterPublisher publisher = publisher(template, false);

        publisher.accept(source, null, new IllegalStateException("not a record failure"));
        publisher.awaitPublished();

        ProducerRecord<byte[], byte[]> parked = template.sent.get(0);
        assertThat(parked.headers().lastHeader(DeadLetterPublisher.STAGE)).isNull();
        assertThat(header(parked, "kafka_dlt-exception-message")).isEqualTo("not a record failure");
    }

    @Test
    void aRecordFailureWithoutPathOrColumnHasNoSuchHeaders() {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));
        DeadLetterPublisher publisher = publisher(template, false);
        RecordFailureException decode = new RecordFailureException(
                Stage.DECODE, "orders", null, null, "not JSON", new IllegalArgumentException("x"));

        publisher.accept(source, null, new RuntimeException("wrapped", decode));
        publisher.awaitPublished();

        ProducerRecord<byte[], byte[]> parked = template.sent.get(0);
        assertThat(header(parked, DeadLetterPublisher.STAGE)).isEqualTo("decode");
        assertThat(header(parked, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
        assertThat(parked.headers().lastHeader(DeadLetterPublisher.PATH)).isNull();
        assertThat(parked.headers().lastHeader(DeadLetterPublisher.COLUMN)).isNull();
    }

    private static DeadLetterPublisher publisher(RecordingTemplate template, boolean stackTrace) {
        return new DeadLetterPublisher(
                template, (record, ex) -> record.topic() + ".DLT", Duration.ofSeconds(5), stackTrace);
    }

    private static long headerOffset(ProducerRecord<byte[], byte[]> record) {
        return java.nio.ByteBuffer.wrap(
                        record.headers().lastHeader("kafka_dlt-original-offset").value())
                .getLong();
    }

    private static @Nullable String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int headerBytes(ProducerRecord<byte[], byte[]> record) {
        int bytes = 0;
        for (Header header : record.headers()) {
            bytes += header.key().length() + header.value().length;
        }
        return bytes;
    }

    /** A template that records what it is asked to send and answers with a given outcome; it never connects. */
    private static final class RecordingTemplate extends KafkaTemplate<byte[], byte[]> {

        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        private final Function<ProducerRecord<byte[], byte[]>, CompletableFuture<SendResult<byte[], byte[]>>> outcome;

        RecordingTemplate(
                Function<ProducerRecord<byte[], byte[]>, CompletableFuture<SendResult<byte[], byte[]>>> outcome) {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
            this.outcome = outcome;
        }

        @Override
        public CompletableFuture<SendResult<byte[], byte[]>> send(ProducerRecord<byte[], byte[]> record) {
            sent.add(record);
            return outcome.apply(record);
        }
    }
}
