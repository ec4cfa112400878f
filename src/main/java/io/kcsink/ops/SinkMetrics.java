package io.kcsink.ops;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.RetryListener;

/**
 * The sink's own Micrometer meters: records received, written, filtered, dead-lettered and skipped per route, batch sizes, the
 * time to write a batch, batch retries and writes in flight. Every meter is registered up front, so the listener's
 * reports are a map look-up and an increment.
 */
public final class SinkMetrics implements SinkEvents, RetryListener {

    private final MeterRegistry registry;
    // Filled once for the configured routes and only read afterwards; a route unknown at start-up is added under lock.
    private volatile Map<SinkRoute, RouteMeters> byRoute;
    private final DistributionSummary batchSize;
    private final Timer writeLatency;
    private final Counter retries;

    private @Nullable RouteControl control;
    private @Nullable AccessFailures access;

    public SinkMetrics(MeterRegistry registry, Routes routes, RowWriter writer) {
        this.registry = registry;
        Map<SinkRoute, RouteMeters> meters = new IdentityHashMap<>();
        for (SinkRoute route : routes.all()) {
            meters.put(route, new RouteMeters(registry, route));
        }
        this.byRoute = meters;
        this.batchSize = DistributionSummary.builder("sink.batch.size")
                .description("Records per batch handed to the listener by one poll")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.writeLatency = Timer.builder("sink.write.latency")
                .description("Time to write the rows of one batch to Cassandra, all writes of the batch in flight")
                // Buckets, not client-side percentiles: histogram_quantile() aggregates them over instances.
                .publishPercentileHistogram()
                .register(registry);
        this.retries = Counter.builder("sink.retries")
                .description("Failed deliveries of a batch that the error handler retries after a back-off")
                .register(registry);
        Gauge.builder("sink.writes.in.flight", writer, RowWriter::inFlight)
                .description("Writes sent to Cassandra and not yet answered")
                // Micrometer holds gauge objects weakly; the gauge must not read NaN once nothing else holds the
                // writer.
                .strongReference(true)
                .register(registry);
        Gauge.builder("sink.writes.in.flight.limit", writer, RowWriter::inFlightLimit)
                .description("The most writes in flight now: sink.write.max-in-flight, or below it while the adaptive"
                        + " limit (sink.write.concurrency) backs off from an overloaded Cassandra")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder("sink.write.statements", writer, RowWriter::statementsSent)
                .description("Statements of one row sent to Cassandra")
                .register(registry);
        FunctionCounter.builder("sink.write.batches", writer, RowWriter::batchesSent)
                .description("Batches of grouped rows (sink.write.grouping) sent to Cassandra")
                .register(registry);
        FunctionCounter.builder("sink.write.batched.rows", writer, RowWriter::batchedRows)
                .description("Rows sent inside batches; divided by sink.write.batches, the mean batch size")
                .register(registry);
        FunctionCounter.builder("sink.write.batches.split", writer, RowWriter::splitBatches)
                .description("Batches Cassandra rejected for good, whose rows were then written one by one")
                .register(registry);
        FunctionCounter.builder("sink.write.retries", writer, RowWriter::retriesSent)
                .description("Rows written again after Cassandra rejected them, in routes with error-policy retry")
                .register(registry);
    }

    @Override
    public void received(SinkRoute route) {
        meters(route).received.increment();
    }

    @Override
    public void written(SinkRoute route) {
        meters(route).written.increment();
        AccessFailures target = access;
        if (target != null) {
            target.succeeded(AccessFailures.Client.CASSANDRA);
        }
    }

    @Override
    public void deadLettered(SinkRoute route, Stage stage) {
        Objects.requireNonNull(meters(route).deadLettered.get(stage)).increment();
    }

    @Override
    public void deadLettersPublished() {
        AccessFailures target = access;
        if (target != null) {
            target.succeeded(AccessFailures.Client.DEAD_LETTER_PRODUCER);
        }
    }

    @Override
    public void skipped(SinkRoute route, Stage stage) {
        Objects.requireNonNull(meters(route).skipped.get(stage)).increment();
    }

    @Override
    public void filtered(SinkRoute route) {
        meters(route).filtered.increment();
    }

    @Override
    public void batch(int records, long writeNanos) {
        batchSize.record(records);
        writeLatency.record(writeNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
        retries.increment();
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
        retries.increment();
        AccessFailures target = access;
        if (target != null) {
            target.failed(clientOf(ex), ex);
        }
    }

    /** Which client a failed batch's access failure came from: a Kafka error here is the dead-letter producer's. */
    private static AccessFailures.Client clientOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException) {
                return AccessFailures.Client.DEAD_LETTER_PRODUCER;
            }
        }
        return AccessFailures.Client.CASSANDRA;
    }

    /** What happened so far to the records of one route. */
    public Counts counts(SinkRoute route) {
        RouteMeters meters = meters(route);
        return new Counts(
                (long) meters.received.count(),
                (long) meters.written.count(),
                sum(meters.deadLettered),
                sum(meters.skipped),
                (long) meters.filtered.count());
    }

    /** What happened so far to the records of every route. */
    public Counts totals() {
        Counts total = new Counts(0, 0, 0, 0, 0);
        for (SinkRoute route : byRoute.keySet()) {
            total = total.plus(counts(route));
        }
        return total;
    }

    private RouteMeters meters(SinkRoute route) {
        RouteMeters meters = byRoute.get(route);
        return meters != null ? meters : register(route);
    }

    private synchronized RouteMeters register(SinkRoute route) {
        RouteMeters meters = byRoute.get(route);
        if (meters == null) {
            Map<SinkRoute, RouteMeters> copy = new IdentityHashMap<>(byRoute);
            meters = new RouteMeters(registry, route);
            copy.put(route, meters);
            byRoute = copy;
        }
        return meters;
    }

    private static long sum(Map<Stage, Counter> counters) {
        long sum = 0;
        for (Counter counter : counters.values()) {
            sum += (long) counter.count();
        }
        return sum;
    }

    /**
     * Record counts of a route, or of all routes.
     *
     * @param received records read from the route's topics
     * @param written rows written to the route's table
     * @param deadLettered records parked in a dead-letter topic
     * @param skipped records dropped by the route's {@code skip} error policy
     * @param filtered records left out by the route's filter or dropped by its hook
     */
    public record Counts(long received, long written, long deadLettered, long skipped, long filtered) {

        /** Counts of a route without a filter or a hook. */
        public Counts(long received, long written, long deadLettered, long skipped) {
            this(received, written, deadLettered, skipped, 0);
        }

        Counts plus(Counts other) {
            return new Counts(
                    received + other.received,
                    written + other.written,
                    deadLettered + other.deadLettered,
                    skipped + other.skipped,
                    filtered + other.filtered);
        }
    }

    /** Where a route stopped by its error policy 'fail' is reported, so that health shows it DOWN. */
    public void reportFailuresTo(RouteControl control) {
        this.control = control;
    }

    /** Where refused credentials or permissions of Cassandra and the dead-letter producer, and their end, go. */
    public void reportAccessTo(AccessFailures access) {
        this.access = access;
    }

    @Override
    public void routeFailed(SinkRoute route, RecordFailureException reason) {
        RouteControl target = control;
        if (target != null) {
            target.fail(route.name(), "stopped by error-policy 'fail': " + reason.getMessage());
        }
    }

    private static final class RouteMeters {

        final Counter received;
        final Counter written;
        final Counter filtered;
        final Map<Stage, Counter> deadLettered = new EnumMap<>(Stage.class);
        final Map<Stage, Counter> skipped = new EnumMap<>(Stage.class);

        RouteMeters(MeterRegistry registry, SinkRoute route) {
            String table = route.plan().keyspace() + "." + route.plan().table();
            received = Counter.builder("sink.records.received")
                    .description("Records read from the route's topics")
                    .tag("route", route.name())
                    .tag("table", table)
                    .register(registry);
            written = Counter.builder("sink.records.written")
                    .description("Rows written to the route's table")
                    .tag("route", route.name())
                    .tag("table", table)
                    .register(registry);
            filtered = Counter.builder("sink.records.filtered")
                    .description("Records left out by the route's filter or dropped by its hook, committed unwritten")
                    .tag("route", route.name())
                    .tag("table", table)
                    .register(registry);
            for (Stage stage : Stage.values()) {
                deadLettered.put(
                        stage,
                        Counter.builder("sink.records.dead.lettered")
                                .description("Records parked in a dead-letter topic, by the stage that failed")
                                .tag("route", route.name())
                                .tag("table", table)
                                .tag("stage", stage.label())
                                .register(registry));
                skipped.put(
                        stage,
                        Counter.builder("sink.records.skipped")
                                .description(
                                        "Records dropped by the route's skip error policy, by the stage that failed")
                                .tag("route", route.name())
                                .tag("table", table)
                                .tag("stage", stage.label())
                                .register(registry));
            }
        }
    }
}
