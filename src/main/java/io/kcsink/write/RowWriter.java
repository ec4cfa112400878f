package io.kcsink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.kcsink.errors.FailureClassifier;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.WriteRetry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.data.cassandra.core.cql.AsyncCqlTemplate;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.data.cassandra.core.cql.SessionCallback;

/**
 * Writes rows through Spring Data Cassandra's {@link AsyncCqlTemplate} with statements prepared at start-up. Writes
 * run concurrently up to a {@link WriteLimit}, so a slow Cassandra slows the consumer instead of growing the heap, and
 * within an optional {@link WriteRate} cap of rows and bytes per second. Two rows of the
 * same primary key never race: the second waits for the first, so the table ends as if the rows were applied in order.
 * Rows that share a group under the {@link WriteGrouping} are sent as one unlogged (for counters, counter) batch; a
 * batch that Cassandra rejects is written again row by row, so that only the row it rejected fails.
 */
public final class RowWriter implements BatchWriter {

    /**
     * The driver's execution profile of batches grouped by replica set: they span many partitions by design, so the
     * profile turns off the driver's logging of Cassandra's warning about unlogged batches across partitions, which
     * would otherwise log every batch.
     */
    public static final String REPLICA_SET_BATCH_PROFILE = "sink-replica-set-batches";

    private final AsyncCqlTemplate template;
    private final CqlOperations cql;
    private final WriteLimit limit;
    private final WriteRate rate;
    private final WriteGrouping grouping;
    private final BatchBounds bounds;
    private final Map<RoutePlan, PreparedRoute> prepared = new IdentityHashMap<>();
    private final LongAdder statements = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedRows = new LongAdder();
    private final LongAdder splitBatches = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private volatile GroupKeys keys;

    /** A writer that sends every row as its own statement, at most {@code maxInFlight} at once. */
    public RowWriter(AsyncCqlTemplate template, CqlOperations cql, int maxInFlight) {
        this(template, cql, WriteLimit.fixed(maxInFlight), WriteRate.UNLIMITED, WriteGrouping.NONE, BatchBounds.SINGLE);
    }

    public RowWriter(
            AsyncCqlTemplate template,
            CqlOperations cql,
            WriteLimit limit,
            WriteRate rate,
            WriteGrouping grouping,
            BatchBounds bounds) {
        this.template = template;
        this.cql = cql;
        this.limit = limit;
        this.rate = rate;
        this.grouping = grouping;
        this.bounds = grouping == WriteGrouping.NONE ? BatchBounds.SINGLE : bounds;
        this.keys = new GroupKeys(grouping, GroupKeys.ReplicaSets.UNKNOWN);
    }

    /** Prepares the route's statements; called once per route at start-up, before any write. */
    public synchronized void prepare(RoutePlan plan) {
        PreparedRoute route = cql.execute((SessionCallback<PreparedRoute>) session -> {
            PreparedStatement insert = session.prepare(plan.insert().cql());
            PreparedStatement delete =
                    plan.delete() == null ? null : session.prepare(plan.delete().cql());
            CodecRegistry codecs = session.getContext().getCodecRegistry();
            if (grouping == WriteGrouping.REPLICA_SET) {
                keys = new GroupKeys(grouping, replicaSets(session));
            }
            return new PreparedRoute(insert, delete, codecs, consistency(plan), idempotent(plan));
        });
        prepared.put(plan, route);
    }

    /** Writes currently in flight, for the metrics. */
    public int inFlight() {
        return limit.inFlight();
    }

    /** The most writes in flight now ({@code sink.write.concurrency}), for the metrics. */
    public int inFlightLimit() {
        return limit.limit();
    }

    /** Statements of one row sent so far, for the metrics. */
    public long statementsSent() {
        return statements.sum();
    }

    /** Batches sent so far, for the metrics. */
    public long batchesSent() {
        return batches.sum();
    }

    /** Rows sent in batches so far, for the metrics. */
    public long batchedRows() {
        return batchedRows.sum();
    }

    /** Batches that Cassandra rejected and that were written again row by row, for the metrics. */
    public long splitBatches() {
        return splitBatches.sum();
    }

    /** Rows written again after Cassandra rejected them, under {@code error-policy: retry}, for the metrics. */
    public long retriesSent() {
        return retries.sum();
    }

    /**
     * Writes the rows and waits until every write has completed.
     *
     * @return the failure of each row, by index; {@code null} where the row was written
     */
    @Override
    public List<@Nullable Throwable> write(List<Row> rows) throws InterruptedException {
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(rows.size());
        BoundStatement[] bound = new BoundStatement[rows.size()];
        for (List<Integer> wave : wavesByKey(rows)) {
            writeWave(rows, wave, bound, failures);
        }
        List<@Nullable Throwable> result = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            result.add(failures.get(i));
        }
        return result;
    }

    /**
     * Writes the rows of one wave, grouped, and waits for them; then writes the rows of rejected batches one by one, and
     * waits for them too, so that the next wave starts only when every row of this one is written or failed.
     */
    private void writeWave(
            List<Row> rows, List<Integer> wave, BoundStatement[] bound, AtomicReferenceArray<Throwable> failures)
            throws InterruptedException {
        List<WriteGroups.Item> items = new ArrayList<>(wave.size());
        GroupKeys groupKeys = keys;
        for (int index : wave) {
            Row row = rows.get(index);
            BoundStatement statement;
            try {
                PreparedRoute route = prepared.get(row.plan());
                if (route == null) {
                    throw new IllegalStateException("route " + row.plan().name() + " was not prepared");
                }
                statement = route.bind(row);
            } catch (RuntimeException ex) {
                failures.set(index, new RowBindException(row, ex));
                continue;
            }
            bound[index] = statement;
            items.add(
                    grouping == WriteGrouping.NONE
                            ? new WriteGroups.Item(index, null, 0)
                            : new WriteGroups.Item(
                                    index,
                                    groupKeys.keyOf(row.plan(), statement.getRoutingKey()),
                                    PreparedRoute.sizeOf(statement)));
        }
        Queue<Integer> rejected = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> pending = new ArrayList<>(items.size());
        for (List<WriteGroups.Item> group : WriteGroups.split(items, bounds)) {
            if (group.size() == 1) {
                pending.add(writeOne(bound, group.get(0).index(), failures));
            } else {
                pending.add(writeBatch(rows, bound, group, failures, rejected));
            }
        }
        awaitAll(pending);
        if (!rejected.isEmpty()) {
            List<CompletableFuture<?>> singles = new ArrayList<>(rejected.size());
            for (int index : rejected) {
                singles.add(writeOne(bound, index, failures));
            }
            awaitAll(singles);
        }
        retryRejected(rows, wave, bound, failures);
    }

    /**
     * Writes again, one by one, the rows of the wave that Cassandra rejected for good and whose route says
     * {@code error-policy: retry}: each after its route's back-off, until it is written, fails for a reason that a
     * redelivery may cure, or has had its attempts. The wave ends only then, so the rows of a key stay in order.
     */
    private void retryRejected(
            List<Row> rows, List<Integer> wave, BoundStatement[] bound, AtomicReferenceArray<Throwable> failures)
            throws InterruptedException {
        Map<Integer, Integer> attemptsLeft = Map.of();
        Map<Integer, Long> dueAt = Map.of();
        long now = System.nanoTime();
        for (int index : wave) {
            Throwable failure = failures.get(index);
            if (failure == null) {
                continue;
            }
            WriteRetry retry = rows.get(index).plan().options().retry();
            if (retry.retries() && bound[index] != null && !FailureClassifier.isRetriable(failure)) {
                if (dueAt.isEmpty()) {
                    attemptsLeft = new HashMap<>();
                    dueAt = new HashMap<>();
                }
                attemptsLeft.put(index, retry.attempts());
                dueAt.put(index, now + retry.backoff().toNanos());
            }
        }
        while (!dueAt.isEmpty()) {
            long next = Collections.min(dueAt.values());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long sentAt = System.nanoTime();
            List<Integer> due = new ArrayList<>();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (Map.Entry<Integer, Long> entry : dueAt.entrySet()) {
                if (entry.getValue() <= sentAt) {
                    int index = entry.getKey();
                    failures.set(index, null);
                    retries.increment();
                    due.add(index);
                    sent.add(writeOne(bound, index, failures));
                }
            }
            awaitAll(sent);
            long answeredAt = System.nanoTime();
            for (int index : due) {
                int left = attemptsLeft.merge(index, -1, Integer::sum);
                Throwable failure = failures.get(index);
                if (failure == null || left == 0 || FailureClassifier.isRetriable(failure)) {
                    dueAt.remove(index);
                } else {
                    dueAt.put(
                            index,
                            answeredAt
                                    + rows.get(index)
                                            .plan()
                                            .options()
                                            .retry()
                                            .backoff()
                                            .toNanos());
                }
            }
        }
    }

    private CompletableFuture<?> writeOne(BoundStatement[] bound, int index, AtomicReferenceArray<Throwable> failures)
            throws InterruptedException {
        BoundStatement statement = bound[index];
        if (rate.limits()) {
            rate.acquire(1, () -> PreparedRoute.sizeOf(statement));
        }
        statements.increment();
        return send(statement, error -> failures.set(index, error));
    }

    /**
     * Sends the group as one batch. When Cassandra rejects it for good (one row's value, or the batch's size), its rows
     * go to {@code rejected} to be written one by one; a failure that a retry may cure is every row's failure.
     */
    private CompletableFuture<?> writeBatch(
            List<Row> rows,
            BoundStatement[] bound,
            List<WriteGroups.Item> group,
            AtomicReferenceArray<Throwable> failures,
            Queue<Integer> rejected)
            throws InterruptedException {
        boolean counter = rows.get(group.get(0).index()).plan().counter();
        List<BoundStatement> statements = new ArrayList<>(group.size());
        for (WriteGroups.Item item : group) {
            statements.add(bound[item.index()]);
        }
        if (rate.limits()) {
            rate.acquire(
                    group.size(),
                    () -> group.stream().mapToLong(WriteGroups.Item::bytes).sum());
        }
        batches.increment();
        batchedRows.add(group.size());
        return send(batchOf(statements, counter, grouping == WriteGrouping.REPLICA_SET), error -> {
            if (FailureClassifier.isRetriable(error)) {
                for (WriteGroups.Item item : group) {
                    failures.set(item.index(), error);
                }
            } else {
                splitBatches.increment();
                for (WriteGroups.Item item : group) {
                    rejected.add(item.index());
                }
            }
        });
    }

    /**
     * The batch of a group's statements: a counter batch for counter rows, else unlogged; with the consistency level of
     * its rows (a group's rows share one), idempotent only when every row is, and for a group by replica set in the
     * profile that does not log Cassandra's warning about batches across partitions.
     */
    static BatchStatement batchOf(List<BoundStatement> statements, boolean counter, boolean replicaSet) {
        BatchStatementBuilder batch = BatchStatement.builder(counter ? BatchType.COUNTER : BatchType.UNLOGGED);
        boolean idempotent = true;
        for (BoundStatement statement : statements) {
            batch.addStatement(statement);
            idempotent &= Boolean.TRUE.equals(statement.isIdempotent());
        }
        ConsistencyLevel consistency = statements.get(0).getConsistencyLevel();
        if (consistency != null) {
            batch.setConsistencyLevel(consistency);
        }
        if (replicaSet) {
            batch.setExecutionProfileName(REPLICA_SET_BATCH_PROFILE);
        }
        return batch.setIdempotence(idempotent).build();
    }

    /** Sends one statement within the bound of writes in flight; {@code onFailure} gets its failure, unwrapped. */
    private CompletableFuture<?> send(Statement<?> statement, Consumer<Throwable> onFailure)
            throws InterruptedException {
        WriteLimit.Permit permit = limit.acquire();
        CompletableFuture<Boolean> write;
        try {
            write = template.execute(statement);
        } catch (RuntimeException ex) {
            permit.completed();
            onFailure.accept(ex);
            return CompletableFuture.completedFuture(null);
        }
        return write.handle((ok, error) -> {
            if (error == null) {
                permit.completed();
                return null;
            }
            Throwable failure = unwrap(error);
            if (WriteLimit.isOverload(failure)) {
                permit.overloaded();
            } else {
                permit.completed();
            }
            onFailure.accept(failure);
            return null;
        });
    }

    private static void awaitAll(List<CompletableFuture<?>> pending) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** The replicas of a partition from the session's current token map; null while the driver has none. */
    private static GroupKeys.ReplicaSets replicaSets(CqlSession session) {
        Map<String, CqlIdentifier> keyspaces = new ConcurrentHashMap<>();
        return (keyspace, routingKey) -> session.getMetadata()
                .getTokenMap()
                .<@Nullable Object>map(tokens -> tokens.getReplicas(
                        keyspaces.computeIfAbsent(keyspace, CqlIdentifier::fromInternal), routingKey))
                .orElse(null);
    }

    /**
     * Splits the rows into waves in which every primary key appears at most once, keeping each key's rows in order:
     * wave n holds the n-th row of every key. Usually there is one wave.
     */
    static List<List<Integer>> wavesByKey(List<Row> rows) {
        List<List<Integer>> waves = new ArrayList<>();
        Map<List<Object>, Integer> seen = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            List<Object> key = List.of(row.plan().keyspace(), row.plan().table(), row.primaryKey());
            int wave = seen.merge(key, 0, (previous, zero) -> previous + 1);
            while (waves.size() <= wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(i);
        }
        return waves;
    }

    /**
     * Whether the driver may retry or speculatively repeat the route's writes: an upsert may, but a conditional write
     * (its second attempt reports "not applied"), a counter update or a list append (applied twice, it adds twice) may
     * not.
     */
    static boolean idempotent(RoutePlan plan) {
        return plan.idempotent();
    }

    private static @Nullable ConsistencyLevel consistency(RoutePlan plan) {
        String level = plan.options().consistency();
        return level == null
                ? null
                : DefaultConsistencyLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }
}
