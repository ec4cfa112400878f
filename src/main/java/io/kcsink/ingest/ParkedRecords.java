package io.kcsink.ingest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of a batch that are parked, per route: those whose parking is settled (the broker acknowledged their dead
 * letters in an earlier attempt, or their route skips them), which a retry of the batch leaves alone, and those whose
 * dead letters were sent in this attempt and await the broker's acknowledgement.
 */
final class ParkedRecords {

    // The settled records of the batch being retried, remembered by the listener per consumer thread.
    private final Set<String> settled;
    private final Map<ConsumerRecord<?, ?>, List<String>> awaiting = new IdentityHashMap<>();

    ParkedRecords(Set<String> settled) {
        this.settled = settled;
    }

    /** Whether the record's parking in the route was settled by an earlier attempt. */
    boolean settled(ConsumerRecord<?, ?> record, SinkRoute route) {
        return !settled.isEmpty() && settled.contains(key(record, route));
    }

    /** The record's parking in the route is settled now: its route skips it. */
    void settle(ConsumerRecord<?, ?> record, SinkRoute route) {
        settled.add(key(record, route));
    }

    /** The record's dead letter for the route was sent and awaits the broker. */
    void await(ConsumerRecord<?, ?> record, SinkRoute route) {
        awaiting.computeIfAbsent(record, r -> new ArrayList<>(1)).add(key(record, route));
    }

    /** Whether any dead letter was sent in this attempt. */
    boolean anyAwaited() {
        return !awaiting.isEmpty();
    }

    /** Settles the dead letters of this attempt that the broker acknowledged: all but those of the given records. */
    void acknowledged(List<ConsumerRecord<?, ?>> notPublished) {
        awaiting.forEach((record, keys) -> {
            if (!notPublished.contains(record)) {
                settled.addAll(keys);
            }
        });
    }

    /** Forgets the settled records once the batch is done: its offsets are committed, it is not delivered again. */
    void forget() {
        settled.clear();
    }

    private static String key(ConsumerRecord<?, ?> record, SinkRoute route) {
        return record.topic() + '-' + record.partition() + '@' + record.offset() + '/' + route.name();
    }
}
