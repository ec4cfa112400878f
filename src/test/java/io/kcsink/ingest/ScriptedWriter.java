package io.kcsink.ingest;

import io.kcsink.mapping.Row;
import io.kcsink.write.BatchWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A writer whose outcome per row is scripted by the row's key (its first primary key value), one outcome per delivery:
 * a row without a script, or whose script has run out, is written. Each write completes on another thread, a little
 * later, as the driver's do; the writer waits for all of them, as {@link io.kcsink.write.RowWriter} does.
 */
final class ScriptedWriter implements BatchWriter {

    private static final Executor LATER = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    private final Map<Object, Deque<Throwable>> failures = new HashMap<>();
    private final List<String> journal;

    /** The keys of the rows of each call, in order. */
    final List<List<Object>> deliveries = new ArrayList<>();

    /** Every write started, to check that none is still running when the listener returns. */
    final List<CompletableFuture<?>> writes = new CopyOnWriteArrayList<>();

    ScriptedWriter(List<String> journal) {
        this.journal = journal;
    }

    /** The row of this key fails with these failures, one per delivery, and is written after them. */
    ScriptedWriter fails(Object key, Throwable... perDelivery) {
        failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(perDelivery));
        return this;
    }

    @Override
    public List<@Nullable Throwable> write(List<Row> rows) {
        List<Object> keys = new ArrayList<>();
        List<CompletableFuture<@Nullable Throwable>> outcomes = new ArrayList<>();
        for (Row row : rows) {
            Object key = row.primaryKey().get(0);
            keys.add(key);
            Deque<Throwable> script = failures.get(key);
            Throwable failure = script == null ? null : script.poll();
            CompletableFuture<@Nullable Throwable> write = CompletableFuture.supplyAsync(
                    () -> {
                        journal.add("written " + key);
                        return failure;
                    },
                    LATER);
            writes.add(write);
            outcomes.add(write);
        }
        deliveries.add(keys);
        List<@Nullable Throwable> result = new ArrayList<>();
        for (CompletableFuture<@Nullable Throwable> outcome : outcomes) {
            result.add(outcome.join());
        }
        journal.add("write returned");
        return result;
    }

    /** Every key written, over all deliveries, in order. */
    List<Object> allKeys() {
        return deliveries.stream().flatMap(List::stream).toList();
    }
}
