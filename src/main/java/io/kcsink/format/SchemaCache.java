package io.kcsink.format;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What one registry said about schema ids: the readers of known ids (or their refusals), at most {@code capacity} of
 * them (the one fetched longest ago goes first: an id never changes its schema, so an evicted one costs one request), and the ids it did
 * not know, each remembered for {@code missingTtl} so that a stream of records with an unknown id does not become a
 * stream of requests.
 */
final class SchemaCache {

    private final int capacity;
    private final Duration missingTtl;
    private final InstantSource clock;

    // Read lock-free on every record; written under the lock, so the size check and the eviction order agree.
    private final Map<Integer, AvroReader> readers = new ConcurrentHashMap<>();
    private final ArrayDeque<Integer> fetchOrder = new ArrayDeque<>();
    private final Map<Integer, Instant> missingUntil = new LinkedHashMap<>();

    SchemaCache(int capacity, Duration missingTtl, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the schema cache needs room for at least one schema");
        }
        this.capacity = capacity;
        this.missingTtl = missingTtl;
        this.clock = clock;
    }

    @Nullable
    AvroReader reader(int schemaId) {
        return readers.get(schemaId);
    }

    /** Keeps a reader, evicting the oldest when full; returns the one kept if another thread was first. */
    synchronized AvroReader put(int schemaId, AvroReader reader) {
        AvroReader existing = readers.get(schemaId);
        if (existing != null) {
            return existing;
        }
        while (readers.size() >= capacity) {
            readers.remove(fetchOrder.removeFirst());
        }
        readers.put(schemaId, reader);
        fetchOrder.addLast(schemaId);
        missingUntil.remove(schemaId);
        return reader;
    }

    /** Whether the registry said recently that it does not know this id. */
    synchronized boolean isKnownMissing(int schemaId) {
        Instant until = missingUntil.get(schemaId);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        missingUntil.remove(schemaId);
        return false;
    }

    /** Remembers that the registry does not know this id, for the TTL; the oldest goes first when full. */
    synchronized void rememberMissing(int schemaId) {
        if (missingTtl.isZero() || missingTtl.isNegative()) {
            return;
        }
        missingUntil.remove(schemaId);
        while (missingUntil.size() >= capacity) {
            missingUntil.remove(missingUntil.keySet().iterator().next());
        }
        missingUntil.put(schemaId, clock.instant().plus(missingTtl));
    }

    /** How many readers are kept now. */
    int size() {
        return readers.size();
    }
}
