package io.kcsink.ingest;

import io.kcsink.errors.DeadLetters;
import io.kcsink.errors.FailureClassifier;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.errors.Redelivery;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.SchemaRegistryUnavailableException;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.RecordMappingException;
import io.kcsink.mapping.Row;
import io.kcsink.write.BatchWriter;
import io.kcsink.write.RowBindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The batch listener: decodes each record of a poll for every route that reads its topic, maps it to rows, writes the
 * rows, and parks the records that can never be written in their dead-letter topic. It returns normally only when every
 * record of the batch is in Cassandra or in a dead-letter topic, so that the container's commit of the batch's offsets
 * never covers a record that is neither. A failure that a retry can cure is thrown, and the error handler delivers the
 * batch again after a back-off.
 */
public class SinkListener implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(SinkListener.class);

    /**
     * Failed records logged at WARN per route and minute by default ({@code sink.failure-log.per-minute}); the rest go
     * to DEBUG, so that poison cannot flood the log.
     */
    public static final int FAILURES_LOGGED_PER_MINUTE = 10;

    private final Routes routes;
    private final BatchWriter writer;
    private final DeadLetters deadLetters;
    private final SinkEvents events;
    private final WriteClocks writeClocks;
    private final Redelivery redelivery;
    private final @Nullable Executor writes;
    private final int pipelineFrom;
    private final int failuresLoggedPerMinute;
    private final FailureLogBudget logBudget;

    // Records whose parking is settled (dead letters acknowledged by the broker, or skipped) during an earlier delivery
    // of records being delivered again, so that a redelivery does not park them twice.
    private final ThreadLocal<Set<String>> settled = ThreadLocal.withInitial(HashSet::new);

    // The consumer thread's batch whose writes may still be in flight, not yet acknowledged.
    private final ThreadLocal<@Nullable InFlightBatch> inFlight = new ThreadLocal<>();

    /** A listener that writes each batch before it returns, for tests. */
    public SinkListener(Routes routes, BatchWriter writer, DeadLetters deadLetters, SinkEvents events) {
        this(routes, writer, deadLetters, events, new WriteClocks(false));
    }

    /** A listener that writes each batch before it returns, with the given write clocks, for tests. */
    public SinkListener(
            Routes routes, BatchWriter writer, DeadLetters deadLetters, SinkEvents events, WriteClocks writeClocks) {
        this(
                routes,
                writer,
                deadLetters,
                events,
                writeClocks,
                new Redelivery(new FixedBackOff(0)),
                null,
                Integer.MAX_VALUE,
                FAILURES_LOGGED_PER_MINUTE);
    }

    /**
     * @param writes where a batch's rows are written while the consumer thread polls and maps the next batch; null to
     *     write each batch before the listener returns
     * @param pipelineFrom the size of a poll from which its writes overlap the next poll: the consumer's
     *     {@code max.poll.records}, so that only a consumer with a backlog pipelines
     * @param failuresLoggedPerMinute failed records logged at WARN per route and minute; the rest at DEBUG
     */
    public SinkListener(
            Routes routes,
            BatchWriter writer,
            DeadLetters deadLetters,
            SinkEvents events,
            WriteClocks writeClocks,
            Redelivery redelivery,
            @Nullable Executor writes,
            int pipelineFrom,
            int failuresLoggedPerMinute) {
        this.routes = routes;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.events = events;
        this.writeClocks = writeClocks;
        this.redelivery = redelivery;
        this.writes = writes;
        this.pipelineFrom = pipelineFrom;
        this.failuresLoggedPerMinute = failuresLoggedPerMinute;
        this.logBudget = new FailureLogBudget(failuresLoggedPerMinute, Duration.ofMinutes(1), System::nanoTime);
    }

    /** {@link #onBatch(List, Consumer, Acknowledgment)} without a consumer or acknowledgement, for tests. */
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        onBatch(records, null, null);
    }

    /**
     * Takes a poll's records: maps every record for every route that reads its topic and starts writing the rows; then
     * settles the previous batch of this consumer thread, whose writes were in flight meanwhile (parks what Cassandra
     * rejected, waits for the broker to acknowledge the dead letters) and acknowledges it, which commits its offsets.
     * A batch is acknowledged only when every record is in Cassandra or parked, and after the batch before it, so that
     * no commit ever covers a record that is neither. Only full polls (a backlog) stay in flight after the listener
     * returns; a shorter poll is settled before it returns. An in-flight batch is settled by the next batch, or when
     * the consumer is idle ({@link #settleIdle}) or its partitions are revoked ({@link #onPartitionsRevokedBeforeCommit}).
     *
     * @param consumer the consumer of the batch, which the write clocks ask for the clocks committed with its offsets
     * @param acknowledgment commits the batch's offsets; null to return only once the batch is settled (tests)
     * @throws RetriableBatchException when a row or a dead letter failed for a reason that a retry may cure; the
     *     records to deliver again, from the earliest unacknowledged batch on, are noted in {@link Redelivery}
     * @throws RouteFailedException when a record failed in a route whose error policy is {@code fail}
     */
    @KafkaListener(
            id = "${sink.listener-id:sink}",
            topicPattern = "#{@sinkRouteGroups.defaultGroup().routes().topicPattern()}",
            containerFactory = "sinkListenerContainerFactory",
            // Off without routes in the default group, and whenever spring.kafka.listener.auto-startup is false (a
            // re-drive command, a benchmark), which this attribute would otherwise override.
            autoStartup = "#{!@sinkRouteGroups.defaultGroup().routes().all().isEmpty()"
                    + " and ${spring.kafka.listener.auto-startup:true}}",
            idIsGroup = false,
            batch = "true")
    public void onBatch(
            List<ConsumerRecord<byte[], byte[]>> records,
            @Nullable Consumer<?, ?> consumer,
            @Nullable Acknowledgment acknowledgment)
            throws InterruptedException {
        InFlightBatch previous = inFlight.get();
        inFlight.remove();
        InFlightBatch current = null;
        long mapStarted = System.nanoTime();
        try {
            ParkedRecords parked = new ParkedRecords(settled.get());
            List<Parking> deferred = new ArrayList<>();
            List<PendingRow> pending = map(records, consumer, parked, deferred);
            if (previous != null && stopsTheRoute(deferred)) {
                // A route that fails stops before this batch writes anything, once the batch before it is settled.
                settle(previous);
            }
            if (previous == null || previous.acknowledged()) {
                parkAll(deferred, parked);
            }
            current = startWriting(records, pending, parked, previous, acknowledgment, mapStarted);
            if (previous != null && !previous.acknowledged()) {
                settle(previous);
                parkAll(deferred, parked);
            }
            if (acknowledgment == null || writes == null || records.size() < pipelineFrom) {
                // A poll short of max.poll.records means the consumer has caught up: nothing to overlap with.
                settle(current);
                return;
            }
            inFlight.set(current);
        } catch (RuntimeException | Error | InterruptedException failure) {
            giveUp(previous, current, records);
            throw failure;
        }
    }

    /** A record parked once the batch before it is settled, so that the dead letters of two batches never mix. */
    private record Parking(ConsumerRecord<byte[], byte[]> record, SinkRoute route, RecordFailureException reason) {}

    private void parkAll(List<Parking> deferred, ParkedRecords parked) {
        for (Parking parking : deferred) {
            park(parking.record(), parking.route(), parking.reason(), parked);
        }
        deferred.clear();
    }

    private static boolean stopsTheRoute(List<Parking> deferred) {
        for (Parking parking : deferred) {
            if (parking.route().errorPolicy() == SinkRoute.ErrorPolicy.FAIL) {
                return true;
            }
        }
        return false;
    }

    /**
     * Settles this consumer thread's in-flight batch when its consumer has had no records for a while, so that the last
     * batch of a stream is committed, or delivered again after a failure, without waiting for another record.
     */
    public void settleIdle(Consumer<?, ?> consumer) {
        InFlightBatch last = inFlight.get();
        if (last == null) {
            return;
        }
        inFlight.remove();
        try {
            settle(last);
        } catch (RuntimeException | InterruptedException failure) {
            giveUp(last, null, List.of());
            // No error handler runs here: seek back at once; the next delivery will fail or succeed on its own.
            redelivery.seekBack(consumer);
            log.warn("the last batch failed and will be delivered again: {}", failure.getMessage());
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Settles this consumer thread's in-flight batch before partitions are taken away, so that what was written is
     * committed while this consumer still owns it; a batch that cannot be settled is given up uncommitted, and its
     * partitions that stay assigned are read again from its first record.
     */
    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        InFlightBatch last = inFlight.get();
        if (last != null && last.touches(revoked)) {
            settleIdle(consumer);
        }
    }

    /** Partitions lost without a revocation cannot be committed: the in-flight batch is given up. */
    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        InFlightBatch last = inFlight.get();
        if (last != null && last.touches(lost)) {
            inFlight.remove();
            giveUp(last, null, List.of());
            redelivery.seekBack(consumer);
        }
    }

    /** Maps each record for every route that reads its topic; the records that cannot be mapped are parked later. */
    private List<PendingRow> map(
            List<ConsumerRecord<byte[], byte[]>> records,
            @Nullable Consumer<?, ?> consumer,
            ParkedRecords parked,
            List<Parking> deferred) {
        long[] writeTimes = writeClocks.assign(records, consumer);
        List<PendingRow> pending = new ArrayList<>(records.size());
        boolean exhausted = redelivery.exhausted();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<byte[], byte[]> record = records.get(index);
            long writeTime = writeTimes == null ? DecodedRecord.micros(record.timestamp()) : writeTimes[index];
            for (SinkRoute route : routes.forTopic(record.topic())) {
                events.received(route);
                if (parked.settled(record, route)) {
                    continue;
                }
                try {
                    List<Row> rows = rows(record, route, writeTime);
                    if (rows.isEmpty()) {
                        events.filtered(route);
                    }
                    for (Row row : rows) {
                        pending.add(new PendingRow(record, route, row));
                    }
                } catch (SchemaRegistryUnavailableException unavailable) {
                    if (!exhausted) {
                        throw new RetriableBatchException("decoding failed and will be retried", unavailable);
                    }
                    deferred.add(new Parking(record, route, exhausted(route, Stage.DECODE, unavailable)));
                } catch (RecordFailureException failure) {
                    deferred.add(new Parking(record, route, failure));
                }
            }
        }
        return pending;
    }

    /**
     * Starts writing the batch's rows: at once, or after the previous batch's writes when they share a primary key, so
     * that the rows of a key are applied in offset order.
     */
    private InFlightBatch startWriting(
            List<ConsumerRecord<byte[], byte[]>> records,
            List<PendingRow> pending,
            ParkedRecords parked,
            @Nullable InFlightBatch previous,
            @Nullable Acknowledgment acknowledgment,
            long mapStarted)
            throws InterruptedException {
        long started = System.nanoTime();
        List<Row> rows = PendingRow.rows(pending);
        CompletableFuture<List<@Nullable Throwable>> written;
        if (writes == null || acknowledgment == null) {
            written = CompletableFuture.completedFuture(writer.write(rows));
        } else if (previous != null && previous.sharesKeysWith(pending)) {
            written = previous.writes.handle((ignored, error) -> null).thenApplyAsync(ignored -> write(rows), writes);
        } else {
            written = CompletableFuture.supplyAsync(() -> write(rows), writes);
        }
        return new InFlightBatch(records, pending, parked, written, mapStarted, started, acknowledgment);
    }

    private List<@Nullable Throwable> write(List<Row> rows) {
        try {
            return writer.write(rows);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RetriableBatchException("writing was interrupted", interrupted);
        }
    }

    /**
     * Waits for the batch's writes, parks the records whose rows Cassandra rejected for good, waits for the broker to
     * acknowledge the batch's dead letters, and acknowledges the batch.
     *
     * @throws RetriableBatchException when a row or a dead letter failed for a reason that a retry may cure
     */
    private void settle(InFlightBatch batch) throws InterruptedException {
        List<@Nullable Throwable> failures = batch.awaitWrites();
        long writeNanos = batch.writeNanos();
        events.batch(batch.records.size(), writeNanos);
        if (log.isDebugEnabled()) {
            log.debug(
                    "batch records={} rows={} decodeAndMapMicros={} writeMicros={}",
                    batch.records.size(),
                    batch.rows.size(),
                    (batch.writeStarted - batch.mapStarted) / 1000,
                    writeNanos / 1000);
        }
        Throwable retriable = settleRows(batch.rows, failures, batch.parked);
        awaitDeadLetters(batch.parked);
        if (retriable != null) {
            throw new RetriableBatchException(
                    "writing a batch of " + batch.records.size() + " records failed and will be retried: "
                            + retriable.getMessage(),
                    retriable);
        }
        batch.acknowledge();
        batch.parked.forget();
        redelivery.succeeded();
    }

    /**
     * Gives up the batches not yet acknowledged after a failure: waits for their writes, so that none lands behind
     * their redelivery, and notes their records, from the first of each partition, as the ones to deliver again.
     */
    private void giveUp(
            @Nullable InFlightBatch previous,
            @Nullable InFlightBatch current,
            List<ConsumerRecord<byte[], byte[]>> records) {
        boolean interrupted = Thread.interrupted();
        for (InFlightBatch batch : new InFlightBatch[] {previous, current}) {
            if (batch == null || batch.acknowledged()) {
                continue;
            }
            try {
                batch.drain();
            } catch (InterruptedException again) {
                interrupted = true;
            }
            batch.rewind(redelivery);
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            redelivery.rewind(record);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Counts the rows written and parks the records whose rows Cassandra rejected for good, or that still fail after
     * the retries ran out.
     *
     * @return the last failure of a row that a retry may cure, or null when there was none
     */
    private @Nullable Throwable settleRows(
            List<PendingRow> pending, List<@Nullable Throwable> failures, ParkedRecords parked) {
        Throwable retriable = null;
        boolean exhausted = redelivery.exhausted();
        PendingRow parkedLast = null;
        for (int i = 0; i < failures.size(); i++) {
            Throwable failure = failures.get(i);
            PendingRow row = pending.get(i);
            if (failure == null) {
                events.written(row.route());
            } else if (parkedLast != null && parkedLast.source() == row.source() && parkedLast.route() == row.route()) {
                // Another row of a record fanned out by a hook, whose record is parked already: park it once.
                continue;
            } else if (!FailureClassifier.isRetriable(failure)) {
                parkedLast = row;
                park(row.source(), row.route(), rejected(row.route(), failure), parked);
            } else if (exhausted) {
                parkedLast = row;
                park(row.source(), row.route(), exhausted(row.route(), Stage.WRITE, failure), parked);
            } else {
                retriable = failure;
            }
        }
        return retriable;
    }

    /**
     * Waits for the broker to acknowledge the dead letters sent since the last wait, all of one batch, and remembers
     * those it did, so that a redelivery does not park them twice.
     *
     * @throws RetriableBatchException when a dead letter was not acknowledged: its record must not be committed
     */
    private void awaitDeadLetters(ParkedRecords parked) {
        List<ConsumerRecord<?, ?>> notPublished = deadLetters.awaitPublished();
        parked.acknowledged(notPublished);
        if (notPublished.isEmpty()) {
            if (parked.anyAwaited()) {
                events.deadLettersPublished();
            }
            return;
        }
        Throwable cause = deadLetters.lastFailure();
        throw new RetriableBatchException(
                notPublished.size() + " records could not be published to their dead-letter topic and will be retried"
                        + (cause == null ? "" : ": " + cause),
                cause != null ? cause : new IllegalStateException("dead-letter publication failed"));
    }

    /**
     * The row of one record for one route.
     *
     * @throws RecordFailureException when the record can never be written by the route, naming its stage: anything
     *     its decoding or mapping throws, and the errors that fail one record alone
     *     ({@link FailureClassifier#recordErrors()})
     * @throws SchemaRegistryUnavailableException when its schema cannot be fetched now, which a retry may cure
     */
    static Row decodeAndMap(ConsumerRecord<byte[], byte[]> record, SinkRoute route) {
        return decodeAndMap(record, route, DecodedRecord.micros(record.timestamp()));
    }

    /** The row of one record for one route, written at {@code writeTime} (µs) when the route takes the record's time. */
    static Row decodeAndMap(ConsumerRecord<byte[], byte[]> record, SinkRoute route, long writeTime) {
        DecodedRecord decoded = decode(record, route, writeTime);
        try {
            return route.plan().map(decoded);
        } catch (RuntimeException failure) {
            throw asFailure(route, failure);
        } catch (Error error) {
            throw recordError(route, Stage.MAP, null, error);
        }
    }

    /**
     * The rows of one record for one route, as {@link #decodeAndMap} with the route's filter and hook: none when the
     * filter leaves the record out or the hook drops it.
     */
    static List<Row> rows(ConsumerRecord<byte[], byte[]> record, SinkRoute route, long writeTime) {
        DecodedRecord decoded = decode(record, route, writeTime);
        try {
            return route.map(decoded);
        } catch (RuntimeException failure) {
            throw asFailure(route, failure);
        } catch (Error error) {
            throw recordError(route, Stage.MAP, null, error);
        }
    }

    private static DecodedRecord decode(ConsumerRecord<byte[], byte[]> record, SinkRoute route, long writeTime) {
        Object key = route.readsKey() ? decodePart(record, route, route.keyDecoder(), record.key(), "_key") : null;
        Object value = decodePart(record, route, route.valueDecoder(), record.value(), "_value");
        try {
            return new DecodedRecord(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    key,
                    value,
                    headers(record),
                    writeTime);
        } catch (RuntimeException ex) {
            throw new RecordFailureException(Stage.DECODE, route.name(), null, null, ex.getMessage(), ex);
        }
    }

    private static @Nullable Object decodePart(
            ConsumerRecord<byte[], byte[]> record,
            SinkRoute route,
            RecordDecoder decoder,
            byte @Nullable [] data,
            String part) {
        try {
            return decoder.decode(record.topic(), data);
        } catch (RuntimeException ex) {
            if (ex instanceof SchemaRegistryUnavailableException) {
                throw ex;
            }
            throw new RecordFailureException(
                    Stage.DECODE, route.name(), part, null, "cannot decode " + part + ": " + ex.getMessage(), ex);
        } catch (Error error) {
            throw recordError(route, Stage.DECODE, part, error);
        }
    }

    /** The failure of one record for an error that fails that record alone; any other error is rethrown. */
    private static RecordFailureException recordError(
            SinkRoute route, Stage stage, @Nullable String part, Error error) {
        if (!FailureClassifier.isRecordError(error)) {
            throw error;
        }
        return new RecordFailureException(
                stage,
                route.name(),
                part,
                null,
                "cannot " + stage.label() + (part == null ? "" : " " + part) + ": " + error
                        + (error instanceof StackOverflowError
                                ? "; the record nests deeper than this thread's stack holds (see sink.limits.max-depth)"
                                : ""),
                error);
    }

    private static Map<String, byte[]> headers(ConsumerRecord<byte[], byte[]> record) {
        Header[] all = record.headers().toArray();
        if (all.length == 0) {
            return Map.of();
        }
        Map<String, byte[]> headers = new HashMap<>(all.length * 2);
        for (Header header : all) {
            headers.put(header.key(), header.value() == null ? new byte[0] : header.value());
        }
        return headers;
    }

    private void park(
            ConsumerRecord<byte[], byte[]> record,
            SinkRoute route,
            RecordFailureException reason,
            ParkedRecords parked) {
        logFailure(record, route, reason);
        switch (route.errorPolicy()) {
            case DEAD_LETTER, RETRY -> {
                deadLetters.park(record, reason);
                events.deadLettered(route, reason.stage());
                parked.await(record, route);
            }
            case SKIP -> {
                events.skipped(route, reason.stage());
                parked.settle(record, route);
            }
            case FAIL -> {
                events.routeFailed(route, reason);
                throw new RouteFailedException(route.name(), reason);
            }
        }
    }

    private void logFailure(ConsumerRecord<byte[], byte[]> record, SinkRoute route, RecordFailureException reason) {
        FailureLogBudget.Verdict verdict = logBudget.take(route.name());
        log.atLevel(verdict == FailureLogBudget.Verdict.QUIET ? Level.DEBUG : Level.WARN)
                .log(
                        "record cannot be written: route={} stage={} topic={} partition={} offset={} path={} column={} "
                                + "reason=\"{}\" policy={}",
                        route.name(),
                        reason.stage().label(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        reason.path(),
                        reason.column(),
                        reason.getMessage(),
                        route.errorPolicy());
        if (verdict == FailureLogBudget.Verdict.LOG_LAST) {
            log.warn(
                    "route={}: {} records could not be written within a minute; the rest of the minute's are logged at"
                            + " DEBUG (logger {}), and all are counted in sink_records_dead_lettered_total and"
                            + " sink_records_skipped_total",
                    route.name(),
                    failuresLoggedPerMinute,
                    SinkListener.class.getName());
        }
    }

    /** The failure of a record that still failed for a retriable reason when the retries ran out. */
    private RecordFailureException exhausted(SinkRoute route, Stage stage, Throwable failure) {
        return new RecordFailureException(
                stage,
                route.name(),
                null,
                null,
                "still failing after " + redelivery.failedDeliveries() + " deliveries (sink.retry.max-attempts): "
                        + failure.getMessage(),
                failure);
    }

    /** The failure of a record whose row Cassandra rejected for good. */
    private static RecordFailureException rejected(SinkRoute route, Throwable failure) {
        int attempts = route.plan().options().retry().attempts();
        String rejected = attempts > 0 && !(failure instanceof RowBindException)
                ? "Cassandra rejected the row, and again on each of " + attempts
                        + " more attempts (error-policy retry): "
                : "Cassandra rejected the row: ";
        return new RecordFailureException(
                Stage.WRITE, route.name(), null, null, rejected + failure.getMessage(), failure);
    }

    private static RecordFailureException asFailure(SinkRoute route, RuntimeException failure) {
        if (failure instanceof RecordFailureException f) {
            return f;
        }
        if (failure instanceof RecordMappingException m) {
            return new RecordFailureException(Stage.MAP, route.name(), m.path(), m.column(), m.getMessage(), m);
        }
        return new RecordFailureException(
                Stage.MAP, route.name(), null, null, String.valueOf(failure.getMessage()), failure);
    }
}
