package io.kcsink.mapping;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decoded Kafka record: key and value as plain Java trees (maps, lists, strings, numbers, booleans, bytes,
 * {@code java.time} values or null), the raw header bytes by name (last value wins), and the write time its partition's
 * clock gave it: the microseconds a route with {@code write-time=record-timestamp} writes or deletes it at
 * ({@link #NO_WRITE_TIME} when the record's timestamp cannot be one).
 */
public record DecodedRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        @Nullable Object key,
        @Nullable Object value,
        Map<String, byte[]> headers,
        long writeTime) {

    /** The write time of a record whose timestamp is missing (negative) or beyond the year 9999. */
    public static final long NO_WRITE_TIME = Long.MIN_VALUE;

    /** The last millisecond of 9999-12-31: later record timestamps give no write time. */
    public static final long MAX_TIMESTAMP = 253_402_300_799_999L;

    /** A record written at its own timestamp in microseconds, with no partition clock to order it (tests, tools). */
    public DecodedRecord(
            String topic,
            int partition,
            long offset,
            long timestamp,
            @Nullable Object key,
            @Nullable Object value,
            Map<String, byte[]> headers) {
        this(topic, partition, offset, timestamp, key, value, headers, micros(timestamp));
    }

    /** A record timestamp in microseconds, or {@link #NO_WRITE_TIME}. */
    public static long micros(long timestamp) {
        return timestamp < 0 || timestamp > MAX_TIMESTAMP ? NO_WRITE_TIME : timestamp * 1000;
    }
}
