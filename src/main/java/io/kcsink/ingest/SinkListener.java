package io.kcsink.ingest;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.FailureClassifier;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.SchemaRegistryUnavailableException;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.RecordMappingException;
import io.kcsink.mapping.Row;
import io.kcsink.write.RowWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The batch listener: decodes each record of a poll for every route that reads its topic, maps it to rows, writes the
 * rows, and parks the records that can never be written in their dead-letter topic. It returns normally only when every
 * record of the batch is in Cassandra or in a dead-letter topic, so that the container's commit of the batch's offsets
 * never covers a record that is neither. A failure that a retry can cure is thrown, and the error handler delivers the
 * batch again after a back-off.
 */
public class SinkListener {

    private static final Logger log = LoggerFactory.getLogger(SinkListener.class);

    /**
     * Failed records logged at WARN per route and minute by default ({@code sink.failure-log.per-minute}); the rest go
     * to DEBUG, so that poison cannot flood the log.
     */
    public static final int FAILURES_LOGGED_PER_MINUTE = 10;

    private final Routes routes;
    private final RowWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final SinkEvents events;
    private final WriteClocks writeClocks;
    private final int failuresLoggedPerMinute;
    private final FailureLogBudget logBudget;

    // Records parked, and acknowledged by the broker, during an earlier attempt of the batch being retried, so a retry
    // does not park them twice.
    private final ThreadLocal<Set<String>> parked = ThreadLocal.withInitial(HashSet::new);

    public SinkListener(Routes routes, RowWriter writer, DeadLetterPublisher deadLetters, SinkEvents events) {
        this(routes, writer, deadLetters, events, new WriteClocks(false));
    }

    public SinkListener(
            Routes routes,
            RowWriter writer,
            DeadLetterPublisher deadLetters,
            SinkEvents events,
            WriteClocks writeClocks) {
        this(routes, writer, deadLetters, events, writeClocks, FAILURES_LOGGED_PER_MINUTE);
    }

    /** @param failuresLoggedPerMinute failed records logged at WARN per route and minute; the rest at DEBUG */
    public SinkListener(
            Routes routes,
            RowWriter writer,
            DeadLetterPublisher deadLetters,
            SinkEvents events,
            WriteClocks writeClocks,
            int failuresLoggedPerMinute) {
        this.failuresLoggedPerMinute = failuresLoggedPerMinute;
        this.logBudget = new FailureLogBudget(failuresLoggedPerMinute, Duration.ofMinutes(1), System::nanoTime);
        this.routes = routes;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.events = events;
        this.writeClocks = writeClocks;
    }

    /** {@link #onBatch(List, Consumer)} without a consumer: partition clocks run from memory alone. */
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        onBatch(records, null);
    }

    /**
     * Writes a poll's records, or throws so that none of its offsets is committed.
     *
     * @param consumer the consumer of the batch, which the write clocks ask for the clocks committed with its offsets
     */
    @KafkaListener(
            id = "${sink.listener-id:sink}",
            topicPattern = "#{@sinkRoutes.topicPattern()}",
            containerFactory = "sinkListenerContainerFactory",
            idIsGroup = false,
            batch = "true")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records, @Nullable Consumer<?, ?> consumer)
            throws InterruptedException {
        long started = System.nanoTime();
        long[] writeTimes = writeClocks.assign(records, consumer);
        List<Row> rows = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.size());
        List<SinkRoute> rowRoutes = new ArrayList<>(records.size());
        Set<String> parkedBefore = parked.get();
        Map<ConsumerRecord<?, ?>, List<String>> parkedNow = new java.util.IdentityHashMap<>();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<byte[], byte[]> record = records.get(index);
            long writeTime = writeTimes == null ? DecodedRecord.micros(record.timestamp()) : writeTimes[index];
            for (SinkRoute route : routes.forTopic(record.topic())) {
                events.received(route);
                if (!parkedBefore.isEmpty() && parkedBefore.contains(parkedKey(record, route))) {
                    continue;
                }
                Row row;
                try {
                    row = decodeAndMap(record, route, writeTime);
                } catch (SchemaRegistryUnavailableException unavailable) {
                    throw new RetriableBatchException("decoding failed and will be retried", unavailable);
                } catch (RecordFailureException failure) {
                    park(record, route, failure, parkedNow);
                    continue;
                }
                rows.add(row);
                sources.add(record);
                rowRoutes.add(route);
            }
        }
        long mapped = System.nanoTime();
        List<@Nullable Throwable> failures = writer.write(rows);
        long written = System.nanoTime();
        events.batch(records.size(), written - mapped);
        if (log.isDebugEnabled()) {
            log.debug(
                    "batch records={} rows={} decodeAndMapMicros={} writeMicros={}",
                    records.size(),
                    rows.size(),
                    (mapped - started) / 1000,
                    (written - mapped) / 1000);
        }
        Throwable retriable = null;
        for (int i = 0; i < failures.size(); i++) {
            Throwable failure = failures.get(i);
            SinkRoute route = rowRoutes.get(i);
            if (failure == null) {
                events.written(route);
            } else if (FailureClassifier.isRetriable(failure)) {
                retriable = failure;
            } else {
                park(
                        sources.get(i),
                        route,
                        new RecordFailureException(
                                Stage.WRITE,
                                route.name(),
                                null,
                                null,
                                "Cassandra rejected the row: " + failure.getMessage(),
                                failure),
                        parkedNow);
            }
        }
        List<ConsumerRecord<?, ?>> notParked = deadLetters.awaitPublished();
        // Remember what is safely parked, so that a retry of this batch does not park it twice.
        parkedNow.forEach((record, keys) -> {
            if (!notParked.contains(record)) {
                parkedBefore.addAll(keys);
            }
        });
        if (notParked.isEmpty() && !parkedNow.isEmpty()) {
            events.deadLettersPublished();
        }
        if (!notParked.isEmpty()) {
            Throwable cause = deadLetters.lastFailure();
            throw new RetriableBatchException(
                    notParked.size() + " records could not be published to their dead-letter topic and will be retried"
                            + (cause == null ? "" : ": " + cause),
                    cause != null ? cause : new IllegalStateException("dead-letter publication failed"));
        }
        if (retriable != null) {
            throw new RetriableBatchException(
                    "writing a batch of " + records.size() + " records failed and will be retried: "
                            + retriable.getMessage(),
                    retriable);
        }
        parkedBefore.clear();
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
            RuntimeException failure,
            Map<ConsumerRecord<?, ?>, List<String>> parkedNow) {
        RecordFailureException reason = asFailure(route, failure);
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
        switch (route.errorPolicy()) {
            case DEAD_LETTER -> {
                deadLetters.accept(record, null, reason);
                events.deadLettered(route, reason.stage());
            }
            case SKIP -> events.skipped(route, reason.stage());
            case FAIL -> {
                events.routeFailed(route, reason);
                throw new RouteFailedException(route.name(), reason);
            }
        }
        if (route.errorPolicy() == SinkRoute.ErrorPolicy.SKIP) {
            parked.get().add(parkedKey(record, route));
        } else {
            parkedNow.computeIfAbsent(record, r -> new ArrayList<>()).add(parkedKey(record, route));
        }
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

    private static String parkedKey(ConsumerRecord<?, ?> record, SinkRoute route) {
        return record.topic() + '-' + record.partition() + '@' + record.offset() + '/' + route.name();
    }
}
