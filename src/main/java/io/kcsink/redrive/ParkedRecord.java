package io.kcsink.redrive;

import io.kcsink.errors.DeadLetterPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * A dead letter read back: why it was parked (its stage and route, how often it was re-driven) and the record it was
 * parked for, rebuilt from its {@code kafka_dlt-original-*} headers with its original topic, partition, offset,
 * timestamp, key, value and headers, so that decoding, mapping and write times see it as on its first delivery.
 *
 * @param deadLetter the record of the dead-letter topic
 * @param stage the stage it failed at ({@code sink-failure-stage}), when named
 * @param route the route it failed in ({@code sink-failure-route}), when named
 * @param attempts how often it was re-driven and failed again ({@code sink-redrive-attempts}), 0 if never
 * @param original the record as its original topic held it
 */
record ParkedRecord(
        ConsumerRecord<byte[], byte[]> deadLetter,
        @Nullable String stage,
        @Nullable String route,
        int attempts,
        ConsumerRecord<byte[], byte[]> original) {

    /** Header counting how often a dead letter was re-driven and parked again. */
    static final String ATTEMPTS = "sink-redrive-attempts";

    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    private static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    private static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    private static final String ORIGINAL_TIMESTAMP_TYPE = "kafka_dlt-original-timestamp-type";

    /**
     * Reads a dead letter.
     *
     * @throws IllegalArgumentException when it cannot be re-driven: it lacks the headers naming its original record, or
     *     was parked without its value because it was too large for the dead-letter topic
     */
    static ParkedRecord of(ConsumerRecord<byte[], byte[]> deadLetter) {
        Headers headers = deadLetter.headers();
        String where = deadLetter.topic() + "-" + deadLetter.partition() + "@" + deadLetter.offset();
        if (headers.lastHeader(DeadLetterPublisher.VALUE_OMITTED) != null) {
            throw new IllegalArgumentException(where + " was parked without its value (too large for the dead-letter"
                    + " topic); read it from its original topic at the offset its headers name");
        }
        String topic = text(headers, ORIGINAL_TOPIC);
        byte[] partition = bytes(headers, ORIGINAL_PARTITION);
        byte[] offset = bytes(headers, ORIGINAL_OFFSET);
        if (topic == null
                || partition == null
                || partition.length != Integer.BYTES
                || offset == null
                || offset.length != Long.BYTES) {
            throw new IllegalArgumentException(where + " has no " + ORIGINAL_TOPIC + ", " + ORIGINAL_PARTITION + " and "
                    + ORIGINAL_OFFSET + " headers: it is not a dead letter of this sink");
        }
        byte[] timestamp = bytes(headers, ORIGINAL_TIMESTAMP);
        String timestampType = text(headers, ORIGINAL_TIMESTAMP_TYPE);
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                topic,
                ByteBuffer.wrap(partition).getInt(),
                ByteBuffer.wrap(offset).getLong(),
                timestamp != null && timestamp.length == Long.BYTES
                        ? ByteBuffer.wrap(timestamp).getLong()
                        : ConsumerRecord.NO_TIMESTAMP,
                timestampType(timestampType),
                deadLetter.serializedKeySize(),
                deadLetter.serializedValueSize(),
                deadLetter.key(),
                deadLetter.value(),
                originalHeaders(headers),
                Optional.empty());
        return new ParkedRecord(
                deadLetter,
                text(headers, DeadLetterPublisher.STAGE),
                text(headers, DeadLetterPublisher.ROUTE),
                attempts(headers),
                original);
    }

    /** The headers the original record had: those of the dead letter but the ones parking added. */
    private static Headers originalHeaders(Headers deadLetter) {
        Headers original = new RecordHeaders();
        for (Header header : deadLetter) {
            if (!addedByParking(header.key())) {
                original.add(header);
            }
        }
        return original;
    }

    static boolean addedByParking(String header) {
        return header.startsWith("kafka_dlt-")
                || header.startsWith("sink-failure-")
                || header.equals(ATTEMPTS)
                || header.equals(DeadLetterPublisher.VALUE_OMITTED);
    }

    private static int attempts(Headers headers) {
        String attempts = text(headers, ATTEMPTS);
        if (attempts == null) {
            return 0;
        }
        try {
            return Integer.parseInt(attempts.trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static TimestampType timestampType(@Nullable String name) {
        if (name != null) {
            for (TimestampType type : TimestampType.values()) {
                if (type.toString().equals(name) || type.name().equals(name)) {
                    return type;
                }
            }
        }
        return TimestampType.CREATE_TIME;
    }

    private static byte @Nullable [] bytes(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : header.value();
    }

    private static @Nullable String text(Headers headers, String name) {
        byte[] value = bytes(headers, name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
