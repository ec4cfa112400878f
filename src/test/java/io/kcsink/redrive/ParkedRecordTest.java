package io.kcsink.redrive;

import static io.kcsink.redrive.DeadLetterFixtures.parkedFirst;
import static io.kcsink.redrive.DeadLetterFixtures.readBack;
import static io.kcsink.redrive.DeadLetterFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * A dead letter read back gives the record of its original topic as first delivered, and one that fails again is
 * parked in the same dead-letter topic with the headers of its new failure and one more re-drive attempt.
 */
class ParkedRecordTest {

    private static final long ORIGINAL_TIMESTAMP = 1_764_000_000_123L;

    private final ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
            "orders-topic",
            3,
            17L,
            ORIGINAL_TIMESTAMP,
            TimestampType.LOG_APPEND_TIME,
            2,
            20,
            utf8("42"),
            utf8("{\"id\": 42, \"qty\": 3}"),
            new RecordHeaders().add("trace-id", utf8("abc")),
            Optional.empty());

    private final RecordFailureException missingColumn = new RecordFailureException(
            Stage.WRITE,
            "orders",
            null,
            null,
            "Cassandra rejected the row: Undefined column name qty",
            new IllegalStateException("Undefined column name qty"));

    @Test
    void rebuildsTheOriginalRecordFromTheHeadersOfItsDeadLetter() {
        ConsumerRecord<byte[], byte[]> deadLetter = parkedFirst(original, missingColumn, 1_764_000_500_000L, 0);

        ParkedRecord parked = ParkedRecord.of(deadLetter);

        ConsumerRecord<byte[], byte[]> rebuilt = parked.original();
        assertThat(rebuilt.topic()).isEqualTo("orders-topic");
        assertThat(rebuilt.partition()).isEqualTo(3);
        assertThat(rebuilt.offset()).isEqualTo(17L);
        assertThat(rebuilt.timestamp()).isEqualTo(ORIGINAL_TIMESTAMP);
        assertThat(rebuilt.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(rebuilt.key()).isEqualTo(original.key());
        assertThat(rebuilt.value()).isEqualTo(original.value());
        assertThat(headerNames(rebuilt)).containsExactly("trace-id");
        assertThat(parked.stage()).isEqualTo("write");
        assertThat(parked.route()).isEqualTo("orders");
        assertThat(parked.attempts()).isZero();
    }

    @Test
    void parksWhatFailsAgainInTheSameTopicWithTheNewReasonAndOneMoreAttempt() {
        ConsumerRecord<byte[], byte[]> firstDeadLetter = parkedFirst(original, missingColumn, 1_764_000_500_000L, 0);

        ConsumerRecord<byte[], byte[]> second = parkAgain(ParkedRecord.of(firstDeadLetter), Stage.MAP, "cannot map");
        ConsumerRecord<byte[], byte[]> third = parkAgain(ParkedRecord.of(second), Stage.MAP, "still cannot map");

        assertThat(second.topic()).isEqualTo("orders-topic.DLT");
        assertThat(header(second, ParkedRecord.ATTEMPTS)).isEqualTo("1");
        assertThat(header(third, ParkedRecord.ATTEMPTS)).isEqualTo("2");
        assertThat(header(third, DeadLetterPublisher.STAGE)).isEqualTo("map");
        assertThat(header(third, "kafka_dlt-exception-message")).contains("still cannot map");
        // One set of failure headers, naming the original record, not the dead letter it was read from.
        for (String name : List.of(
                "kafka_dlt-original-topic",
                "kafka_dlt-original-offset",
                "kafka_dlt-exception-message",
                DeadLetterPublisher.STAGE,
                DeadLetterPublisher.ROUTE,
                ParkedRecord.ATTEMPTS)) {
            assertThat(headerNames(third)).filteredOn(name::equals).hasSize(1);
        }
        assertThat(header(third, "kafka_dlt-original-topic")).isEqualTo("orders-topic");
        assertThat(ByteBuffer.wrap(third.headers()
                                .lastHeader("kafka_dlt-original-offset")
                                .value())
                        .getLong())
                .isEqualTo(17L);
        ParkedRecord again = ParkedRecord.of(third);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.original().offset()).isEqualTo(17L);
        assertThat(again.original().timestamp()).isEqualTo(ORIGINAL_TIMESTAMP);
        assertThat(headerNames(again.original())).containsExactly("trace-id");
    }

    @Test
    void refusesARecordThatIsNotADeadLetterOfTheSink() {
        ConsumerRecord<byte[], byte[]> plain = new ConsumerRecord<>("orders-topic.DLT", 0, 5L, utf8("1"), utf8("{}"));

        assertThatThrownBy(() -> ParkedRecord.of(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders-topic.DLT-0@5")
                .hasMessageContaining("not a dead letter of this sink");
    }

    @Test
    void refusesADeadLetterParkedWithoutItsValue() {
        ConsumerRecord<byte[], byte[]> deadLetter = parkedFirst(original, missingColumn, 1L, 0);
        deadLetter.headers().add(DeadLetterPublisher.VALUE_OMITTED, utf8("20000000"));

        assertThatThrownBy(() -> ParkedRecord.of(deadLetter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parked without its value");
    }

    private static ConsumerRecord<byte[], byte[]> parkAgain(ParkedRecord parked, Stage stage, String reason) {
        DeadLetterFixtures.RecordingTemplate template = new DeadLetterFixtures.RecordingTemplate();
        Map<ConsumerRecord<?, ?>, Integer> attempts = new IdentityHashMap<>();
        attempts.put(parked.original(), parked.attempts() + 1);
        DeadLetterPublisher publisher =
                ParkingAgain.publisher(template, parked.deadLetter().topic(), attempts, Duration.ofSeconds(5), false);
        publisher.park(
                parked.original(),
                new RecordFailureException(stage, "orders", null, null, reason, new IllegalStateException(reason)));
        assertThat(publisher.awaitPublished()).isEmpty();
        ProducerRecord<byte[], byte[]> sent = template.sent.get(0);
        return readBack(
                sent,
                parked.deadLetter().timestamp() + 1000,
                parked.deadLetter().offset() + 1);
    }

    private static List<String> headerNames(ConsumerRecord<?, ?> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .map(Header::key)
                .toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
