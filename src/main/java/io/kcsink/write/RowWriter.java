package io.kcsink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.springframework.data.cassandra.core.cql.AsyncCqlTemplate;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.data.cassandra.core.cql.SessionCallback;

/**
 * Writes rows through Spring Data Cassandra's {@link AsyncCqlTemplate} with statements prepared at start-up. Writes
 * run concurrently up to a bound, so a slow Cassandra slows the consumer instead of growing the heap. Two rows of the
 * same primary key never race: the second waits for the first, so the table ends as if the rows were applied in order.
 */
public final class RowWriter implements BatchWriter {

    private final AsyncCqlTemplate template;
    private final CqlOperations cql;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Map<RoutePlan, PreparedRoute> prepared = new IdentityHashMap<>();

    public RowWriter(AsyncCqlTemplate template, CqlOperations cql, int maxInFlight) {
        this.template = template;
        this.cql = cql;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Prepares the route's statements; called once per route at start-up, before any write. */
    public synchronized void prepare(RoutePlan plan) {
        PreparedRoute route = cql.execute((SessionCallback<PreparedRoute>) session -> {
            PreparedStatement insert = session.prepare(plan.insert().cql());
            PreparedStatement delete =
                    plan.delete() == null ? null : session.prepare(plan.delete().cql());
            CodecRegistry codecs = session.getContext().getCodecRegistry();
            return new PreparedRoute(insert, delete, codecs, consistency(plan), idempotent(plan));
        });
        prepared.put(plan, route);
    }

    /** Writes currently in flight, for the metrics. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * Writes the rows and waits until every write has completed.
     *
     * @return the failure of each row, by index; {@code null} where the row was written
     */
    @Override
    public List<@Nullable Throwable> write(List<Row> rows) throws InterruptedException {
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(rows.size());
        for (List<Integer> wave : wavesByKey(rows)) {
            List<CompletableFuture<?>> pending = new ArrayList<>(wave.size());
            for (int index : wave) {
                pending.add(writeOne(rows.get(index), index, failures));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        }
        List<@Nullable Throwable> result = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            result.add(failures.get(i));
        }
        return result;
    }

    private CompletableFuture<?> writeOne(Row row, int index, AtomicReferenceArray<Throwable> failures)
            throws InterruptedException {
        Statement<?> statement;
        try {
            PreparedRoute route = prepared.get(row.plan());
            if (route == null) {
                throw new IllegalStateException("route " + row.plan().name() + " was not prepared");
            }
            statement = route.bind(row);
        } catch (RuntimeException ex) {
            failures.set(index, new RowBindException(row, ex));
            return CompletableFuture.completedFuture(null);
        }
        inFlight.acquire();
        CompletableFuture<Boolean> write;
        try {
            write = template.execute(statement);
        } catch (RuntimeException ex) {
            inFlight.release();
            failures.set(index, ex);
            return CompletableFuture.completedFuture(null);
        }
        return write.handle((ok, error) -> {
            inFlight.release();
            if (error != null) {
                failures.set(index, unwrap(error));
            }
            return null;
        });
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
     * Whether the driver may retry or speculatively repeat the route's writes: an upsert may, but a conditional insert
     * (its second attempt reports "not applied") and a counter update (applied twice, it counts twice) may not.
     */
    static boolean idempotent(RoutePlan plan) {
        return !plan.options().ifNotExists() && !plan.options().counters();
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
