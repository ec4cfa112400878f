package io.kcsink.mapping;

import org.jspecify.annotations.Nullable;

/**
 * How a route writes: consistency level name (null = the session default), what a null field does, whether a null
 * record value deletes the row, TTL (static seconds or from a path), write time, lightweight-transaction insert, and
 * how often a row Cassandra rejected is written again.
 */
public record WriteOptions(
        @Nullable String consistency,
        NullPolicy nullPolicy,
        boolean deleteOnNull,
        @Nullable Integer ttlSeconds,
        @Nullable String ttlPath,
        WriteTime writeTime,
        @Nullable String writeTimePath,
        boolean ifNotExists,
        boolean counters,
        WriteRetry retry) {

    /** What an explicit null field does to its column. */
    public enum NullPolicy {
        /** Leave the column unbound: no tombstone, an existing value stays. */
        UNSET,
        /** Bind null: the column is deleted (a tombstone). */
        WRITE_NULL
    }

    /** Where a write's timestamp comes from. */
    public enum WriteTime {
        /** Cassandra assigns the write time. */
        NONE,
        /** The Kafka record timestamp in microseconds, plus {@code offset % 1000} to order records of one millisecond. */
        RECORD_TIMESTAMP,
        /** Microseconds read from {@code writeTimePath}. */
        PATH
    }

    /** Whether statements carry a {@code USING TTL ?} marker. */
    public boolean hasTtl() {
        return ttlSeconds != null || ttlPath != null;
    }
}
