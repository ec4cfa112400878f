package io.kcsink.mapping;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decoded Kafka record: key and value as plain Java trees (maps, lists, strings, numbers, booleans, bytes,
 * {@code java.time} values or null) and the raw header bytes by name (last value wins).
 */
public record DecodedRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        @Nullable Object key,
        @Nullable Object value,
        Map<String, byte[]> headers) {}
