package io.kcsink.ingest;

import io.kcsink.errors.Redelivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.Acknowledgment;

/**
 * One poll's records on their way to Cassandra: its rows' writes, possibly still in flight while the next poll is mapped,
 * the dead letters it sent, and the acknowledgement that commits its offsets, given exactly once and only when every
 * record is in Cassandra or acknowledged in its dead-letter topic.
 */
final class InFlightBatch {

    final List<ConsumerRecord<byte[], byte[]>> records;
    final List<PendingRow> rows;
    final ParkedRecords parked;
    final CompletableFuture<List<@Nullable Throwable>> writes;
    final long mapStarted;
    final long writeStarted;
    private volatile long writeFinished;
    private final @Nullable Acknowledgment acknowledgment;
    private boolean acknowledged;
    private @Nullable Set<List<Object>> keys;

    InFlightBatch(
            List<ConsumerRecord<byte[], byte[]>> records,
            List<PendingRow> rows,
            ParkedRecords parked,
            CompletableFuture<List<@Nullable Throwable>> writes,
            long mapStarted,
            long writeStarted,
            @Nullable Acknowledgment acknowledgment) {
        this.records = records;
        this.rows = rows;
        this.parked = parked;
        this.writes = writes;
        this.mapStarted = mapStarted;
        this.writeStarted = writeStarted;
        this.acknowledgment = acknowledgment;
        writes.whenComplete((failures, error) -> writeFinished = System.nanoTime());
    }

    /** How long the batch's writes took, or have taken so far. */
    long writeNanos() {
        long finished = writeFinished;
        return (finished == 0 ? System.nanoTime() : finished) - writeStarted;
    }

    /** The primary keys of the batch's rows, per table, to keep a later batch's rows of the same keys behind them. */
    static List<Object> key(PendingRow row) {
        return List.of(
                row.row().plan().keyspace(), row.row().plan().table(), row.row().primaryKey());
    }

    /** Whether any of the rows writes a primary key that this batch's writes, still in flight, also write. */
    boolean sharesKeysWith(List<PendingRow> later) {
        if (writes.isDone() || rows.isEmpty() || later.isEmpty()) {
            return false;
        }
        Set<List<Object>> mine = keys;
        if (mine == null) {
            mine = new HashSet<>(rows.size() * 2);
            for (PendingRow row : rows) {
                mine.add(key(row));
            }
            keys = mine;
        }
        for (PendingRow row : later) {
            if (mine.contains(key(row))) {
                return true;
            }
        }
        return false;
    }

    /** The failure of each row, by index, once every write has completed. */
    List<@Nullable Throwable> awaitWrites() throws InterruptedException {
        try {
            return writes.get();
        } catch (ExecutionException failed) {
            // The writer reports each row's failure in the list; a failure of the whole write fails every row.
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            List<@Nullable Throwable> all = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                all.add(cause);
            }
            return all;
        }
    }

    /** Waits for the writes, whatever their outcome: a batch given up must not keep writing behind its redelivery. */
    void drain() throws InterruptedException {
        try {
            writes.get();
        } catch (ExecutionException ignored) {
            // given up: its records are delivered again
        }
    }

    /** Commits the batch's offsets (the container does, after the listener or callback returns); once. */
    void acknowledge() {
        if (acknowledgment != null && !acknowledged) {
            acknowledged = true;
            acknowledgment.acknowledge();
        }
    }

    boolean acknowledged() {
        return acknowledged;
    }

    /** Notes that the batch's records, from the first of each partition, must be delivered again. */
    void rewind(Redelivery redelivery) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        first.forEach(redelivery::rewind);
    }

    /** Whether the batch holds a record of any of the partitions. */
    boolean touches(java.util.Collection<TopicPartition> partitions) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (partitions.contains(new TopicPartition(record.topic(), record.partition()))) {
                return true;
            }
        }
        return false;
    }
}
