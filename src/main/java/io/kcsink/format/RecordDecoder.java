package io.kcsink.format;

import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of a record's key or value into a tree of plain Java values: {@code Map<String, Object>} for objects
 * and records, {@code List<Object>}, strings, numbers, booleans, byte arrays and {@code java.time} values.
 */
@FunctionalInterface
public interface RecordDecoder {

    /**
     * Decodes one key or value.
     *
     * @param topic the topic the bytes were read from
     * @param data the bytes, or null for a Kafka null (a tombstone value or a record without key)
     * @return the decoded tree, or null for a null input
     * @throws RecordDecodingException when the bytes can never be decoded
     */
    @Nullable
    Object decode(String topic, byte @Nullable [] data);
}
