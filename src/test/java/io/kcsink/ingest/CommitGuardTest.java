package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.FailureClassifier;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.format.JsonDecoder;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.SchemaRegistryUnavailableException;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commit guard of {@link SinkListener#onBatch}: it returns, and so lets the container commit the batch, only when
 * every record is written or its dead letter acknowledged, and throws otherwise. Like spring-kafka's
 * {@code DefaultErrorHandlerBatchTests}, each test scripts what happens to each row and dead letter, delivers a batch
 * (again, where the error handler would) and checks what was written, what was parked, and whether it returned.
 * Routes are compiled from real route plans; no broker, no Cassandra.
 */
class CommitGuardTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    /** Keyed by the product, so that a record whose id is not a number still maps here. */
    private static final TableSchema BY_PRODUCT = new TableSchema(
            "demo",
            "by_product",
            List.of(
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("id", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private static final Node NODE = mock(Node.class);

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedWriter writer = new ScriptedWriter(journal);
    private final ScriptedDeadLetters deadLetters = new ScriptedDeadLetters(journal);
    private final RecordedEvents events = new RecordedEvents();

    @Test
    void returnsWhenEveryRowIsWrittenAndParksNothing() throws Exception {
        SinkListener listener = listener(route(""));

        long started = System.nanoTime();
        listener.onBatch(List.of(order(0, 1), order(1, 2), order(2, 3)));
        long elapsed = System.nanoTime() - started;

        assertThat(writer.deliveries).containsExactly(List.of(1, 2, 3));
        assertThat(deadLetters.sent).isEmpty();
        assertThat(events.count("written orders")).isEqualTo(3);
        assertThat(events.events).contains("batch 3").doesNotContain("dead letters published");
        assertThat(events.writeNanos)
                .singleElement()
                .satisfies(nanos -> assertThat(nanos).isBetween(0L, elapsed));
    }

    static Stream<Throwable> retriableWriteFailures() {
        return Stream.of(
                new WriteTimeoutException(NODE, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 2, WriteType.SIMPLE),
                new DriverTimeoutException("Query timed out after PT2S"),
                new OverloadedException(NODE));
    }

    @ParameterizedTest
    @MethodSource("retriableWriteFailures")
    void aRetriableWriteFailureThrowsSoThatNothingIsCommittedAndParksNothing(Throwable failure) {
        assertThat(FailureClassifier.isRetriable(failure)).isTrue();
        writer.fails(2, failure);
        SinkListener listener = listener(route(""));

        assertThatThrownBy(() -> listener.onBatch(List.of(order(0, 1), order(1, 2), order(2, 3))))
                .isInstanceOf(RetriableBatchException.class)
                .hasCause(failure)
                .hasMessage("writing a batch of 3 records failed and will be retried: " + failure.getMessage());

        assertThat(deadLetters.sent).isEmpty();
        assertThat(writer.deliveries).containsExactly(List.of(1, 2, 3));
        assertThat(events.count("written orders")).isEqualTo(2);
    }

    @Test
    void aRowCassandraRejectsIsParkedAtTheWriteStageAndTheOthersAreWritten() throws Exception {
        InvalidQueryException rejected = new InvalidQueryException(NODE, "Key may not be empty");
        writer.fails(2, rejected);
        SinkListener listener = listener(route(""));

        listener.onBatch(List.of(order(0, 1), order(1, 2), order(2, 3)));

        assertThat(deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().offset()).isEqualTo(1L);
            RecordFailureException reason = sent.reason();
            assertThat(reason.stage()).isEqualTo(Stage.WRITE);
            assertThat(reason.route()).isEqualTo("orders");
            assertThat(reason.path()).isNull();
            assertThat(reason.column()).isNull();
            assertThat(reason).hasMessage("Cassandra rejected the row: Key may not be empty");
            assertThat(reason).hasCause(rejected);
        });
        assertThat(events.count("written orders")).isEqualTo(2);
        assertThat(events.count("dead-lettered orders write")).isEqualTo(1);
        assertThat(events.count("dead letters published")).isEqualTo(1);
    }

    @Test
    void aRecordThatCannotBeDecodedIsParkedAtTheDecodeStageAndNeverWritten() throws Exception {
        SinkListener listener = listener(route(""));

        listener.onBatch(List.of(order(0, 1), record(1, "{\"id\": 2, "), order(2, 3)));

        assertThat(deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().offset()).isEqualTo(1L);
            assertThat(sent.reason().stage()).isEqualTo(Stage.DECODE);
            assertThat(sent.reason().route()).isEqualTo("orders");
            assertThat(sent.reason().path()).isEqualTo("_value");
            assertThat(sent.reason().getMessage()).startsWith("cannot decode _value: ");
        });
        assertThat(writer.deliveries).containsExactly(List.of(1, 3));
        assertThat(events.count("dead-lettered orders decode")).isEqualTo(1);
    }

    @Test
    void aRecordThatCannotBeMappedIsParkedAtTheMapStageNamingItsPathAndColumn() throws Exception {
        SinkListener listener = listener(route(""));

        listener.onBatch(List.of(order(0, 1), record(1, "{\"id\": \"two\", \"product\": \"p\"}")));

        assertThat(deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().offset()).isEqualTo(1L);
            assertThat(sent.reason().stage()).isEqualTo(Stage.MAP);
            assertThat(sent.reason().route()).isEqualTo("orders");
            assertThat(sent.reason().path()).isEqualTo("id");
            assertThat(sent.reason().column()).isEqualTo("id");
        });
        assertThat(writer.deliveries).containsExactly(List.of(1));
        assertThat(events.count("dead-lettered orders map")).isEqualTo(1);
    }

    @Test
    void aDeadLetterTheBrokerDoesNotAcknowledgeKeepsTheBatchUncommittedAndIsSentAgainOnRetry() throws Exception {
        TimeoutException noLeader = new TimeoutException("no leader for orders.DLT-0");
        deadLetters.refuses(1, noLeader);
        SinkListener listener = listener(route(""));
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(order(0, 1), record(1, "not json"));

        assertThatThrownBy(() -> listener.onBatch(batch))
                .isInstanceOf(RetriableBatchException.class)
                .hasCause(noLeader)
                .hasMessage(
                        "1 records could not be published to their dead-letter topic and will be retried: " + noLeader);
        assertThat(events.events).doesNotContain("dead letters published");

        listener.onBatch(batch);

        assertThat(deadLetters.offsets()).containsExactly(1L, 1L);
        assertThat(journal).containsSubsequence("refused 1", "parked 1", "acknowledged 1");
        assertThat(events.count("dead letters published")).isEqualTo(1);
        // The good record's row is written again: an idempotent upsert.
        assertThat(writer.deliveries).containsExactly(List.of(1), List.of(1));
    }

    @Test
    void aDeadLetterRefusedWithoutAReasonStillKeepsTheBatchUncommitted() {
        ScriptedDeadLetters silent = new ScriptedDeadLetters(journal)
                .refuses(0, new TimeoutException("no leader"))
                .namingNoFailure();
        SinkListener listener = new SinkListener(routes(route("")), writer, silent, events);

        assertThatThrownBy(() -> listener.onBatch(List.of(record(0, "not json"))))
                .isInstanceOf(RetriableBatchException.class)
                .hasMessage("1 records could not be published to their dead-letter topic and will be retried")
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dead-letter publication failed");
    }

    @Test
    void aRetryAfterAPartialSuccessNeverParksAnAcknowledgedRecordTwice() throws Exception {
        writer.fails(3, new InvalidQueryException(NODE, "Key may not be empty"))
                .fails(4, new DriverTimeoutException("Query timed out after PT2S"));
        SinkListener listener = listener(route(""));
        List<ConsumerRecord<byte[], byte[]>> batch =
                List.of(order(0, 1), record(1, "not json"), order(2, 3), order(3, 4));

        assertThatThrownBy(() -> listener.onBatch(batch)).isInstanceOf(RetriableBatchException.class);
        listener.onBatch(batch);

        // Over two deliveries, each poison record was parked once; the rejected row was not offered to Cassandra again.
        assertThat(deadLetters.offsets()).containsExactly(1L, 2L);
        assertThat(writer.deliveries).containsExactly(List.of(1, 3, 4), List.of(1, 4));
        assertThat(events.count("dead-lettered orders decode")).isEqualTo(1);
        assertThat(events.count("dead-lettered orders write")).isEqualTo(1);
    }

    @Test
    void onlyTheDeadLettersTheBrokerAcknowledgedAreLeftAloneOnRetry() throws Exception {
        deadLetters.refuses(2, new TimeoutException("no leader"));
        SinkListener listener = listener(route(""));
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(1, "not json"), record(2, "not json either"));

        assertThatThrownBy(() -> listener.onBatch(batch)).isInstanceOf(RetriableBatchException.class);
        listener.onBatch(batch);

        assertThat(deadLetters.offsets()).containsExactly(1L, 2L, 2L);
    }

    @Test
    void aRecordFailingInOneRouteIsParkedForThatRouteAloneAndWrittenByTheOther() throws Exception {
        writer.fails(1, new DriverTimeoutException("Query timed out after PT2S"));
        SinkRoute byProduct = SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("by-product", "INSERT INTO demo.by_product SELECT product, id FROM orders")
                                .get(0),
                        BY_PRODUCT),
                new JsonDecoder(),
                new JsonDecoder());
        SinkListener listener = new SinkListener(routes(route(""), byProduct), writer, deadLetters, events);
        List<ConsumerRecord<byte[], byte[]>> batch =
                List.of(order(0, 1), record(1, "{\"id\": \"two\", \"product\": \"p\"}"));

        assertThatThrownBy(() -> listener.onBatch(batch)).isInstanceOf(RetriableBatchException.class);
        listener.onBatch(batch);

        assertThat(deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().offset()).isEqualTo(1L);
            assertThat(sent.reason().route()).isEqualTo("orders");
        });
        assertThat(writer.deliveries).containsExactly(List.of(1, "product-1", "p"), List.of(1, "product-1", "p"));
    }

    @Test
    void skippedRecordsAreNeitherParkedNorCountedAgainWhenTheBatchIsRetried() throws Exception {
        writer.fails(1, new DriverTimeoutException("Query timed out after PT2S"));
        SinkListener listener = listener(route("PROPERTIES('error-policy'='skip')"));
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(order(0, 1), record(1, "not json"));

        assertThatThrownBy(() -> listener.onBatch(batch)).isInstanceOf(RetriableBatchException.class);
        listener.onBatch(batch);

        assertThat(deadLetters.sent).isEmpty();
        assertThat(events.count("skipped orders decode")).isEqualTo(1);
        assertThat(events.events).doesNotContain("dead letters published");
        assertThat(writer.deliveries).containsExactly(List.of(1), List.of(1));
    }

    @Test
    void aRecordThatFailsInARouteWithErrorPolicyFailStopsTheBatchBeforeAnyWrite() {
        SinkListener listener = listener(route("PROPERTIES('error-policy'='fail')"));

        assertThatThrownBy(() -> listener.onBatch(List.of(order(0, 1), record(1, "not json"), order(2, 3))))
                .isInstanceOfSatisfying(RouteFailedException.class, failed -> {
                    assertThat(failed.route()).isEqualTo("orders");
                    assertThat(failed.getCause())
                            .isInstanceOfSatisfying(
                                    RecordFailureException.class,
                                    reason -> assertThat(reason.stage()).isEqualTo(Stage.DECODE));
                });

        assertThat(writer.deliveries).isEmpty();
        assertThat(deadLetters.sent).isEmpty();
        assertThat(events.events).contains("route failed orders decode");
    }

    @Test
    void aRowRejectedInARouteWithErrorPolicyFailStopsTheBatch() {
        writer.fails(2, new InvalidQueryException(NODE, "Key may not be empty"));
        SinkListener listener = listener(route("PROPERTIES('error-policy'='fail')"));

        assertThatThrownBy(() -> listener.onBatch(List.of(order(0, 1), order(1, 2))))
                .isInstanceOfSatisfying(
                        RouteFailedException.class,
                        failed -> assertThat(failed.getCause())
                                .isInstanceOfSatisfying(
                                        RecordFailureException.class,
                                        reason -> assertThat(reason.stage()).isEqualTo(Stage.WRITE)));

        assertThat(deadLetters.sent).isEmpty();
        assertThat(events.events).contains("route failed orders write");
    }

    @Test
    void returnsOnlyAfterEveryWriteHasCompletedAndEveryDeadLetterIsAcknowledged() throws Exception {
        writer.fails(2, new InvalidQueryException(NODE, "Key may not be empty"));
        SinkListener listener = listener(route(""));

        listener.onBatch(List.of(record(0, "not json"), order(1, 2), order(2, 3)));
        journal.add("returned");

        assertThat(writer.writes).hasSize(2).allMatch(CompletableFuture::isDone);
        assertThat(deadLetters.acks).hasSize(2).allMatch(CompletableFuture::isDone);
        assertThat(journal)
                .containsSubsequence("parked 0", "write returned", "parked 1", "await", "returned")
                .containsSubsequence("acknowledged 0", "returned")
                .containsSubsequence("acknowledged 1", "returned");
        assertThat(journal.indexOf("await")).isGreaterThan(journal.indexOf("written 3"));
    }

    @Test
    void aSchemaRegistryOutOfReachThrowsSoThatTheBatchIsRetriedAndParksNothing() {
        SchemaRegistryUnavailableException unavailable =
                new SchemaRegistryUnavailableException("https://registry:8081", new ConnectException("refused"));
        RecordDecoder registry = (topic, data) -> {
            throw unavailable;
        };
        SinkRoute avro = SinkRoute.of(route("").plan(), registry, registry);
        SinkListener listener = listener(avro);

        assertThatThrownBy(() -> listener.onBatch(List.of(order(0, 1))))
                .isInstanceOf(RetriableBatchException.class)
                .hasMessage("decoding failed and will be retried")
                .hasCause(unavailable);
        assertThat(deadLetters.sent).isEmpty();
        assertThat(writer.deliveries).isEmpty();
    }

    @Test
    void aRecordDeliveredAgainAfterItsBatchWasCommittedIsParkedAgain() throws Exception {
        // Offsets reset by an operator replay committed records: a replayed poison record is parked again, because
        // the memory of parked records lasts only until the batch that parked them is done.
        SinkListener listener = listener(route(""));
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(0, "not json"));

        listener.onBatch(batch);
        listener.onBatch(batch);

        assertThat(deadLetters.offsets()).containsExactly(0L, 0L);
    }

    @Test
    void aRouteThatWritesAtTheRecordTimestampGetsWriteTimesThatIncreaseWithTheOffset() throws Exception {
        List<Object> writeTimes = new ArrayList<>();
        SinkListener listener = new SinkListener(
                routes(route("PROPERTIES('write-time'='record-timestamp')")),
                rows -> {
                    rows.forEach(row -> writeTimes.add(row.values()[row.values().length - 1]));
                    return Collections.nCopies(rows.size(), null);
                },
                deadLetters,
                events,
                new WriteClocks(true));

        // Three records of one partition written in the same millisecond.
        listener.onBatch(List.of(order(0, 1), order(1, 1), order(2, 1)));

        long micros = TIMESTAMP * 1000;
        assertThat(writeTimes).containsExactly(micros, micros + 1, micros + 2);
    }

    private static final long TIMESTAMP = 1_462_542_780_000L;

    private SinkListener listener(SinkRoute route) {
        return new SinkListener(routes(route), writer, deadLetters, events);
    }

    private static Routes routes(SinkRoute... routes) {
        return new Routes(new ArrayList<>(List.of(routes)));
    }

    /** The route {@code orders}: JSON records of the topic {@code orders} into {@code demo.orders}. */
    private static SinkRoute route(String properties) {
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id, product FROM orders " + properties)
                                .get(0),
                        ORDERS),
                json,
                json);
    }

    private static ConsumerRecord<byte[], byte[]> order(long offset, int id) {
        return record(offset, "{\"id\": " + id + ", \"product\": \"product-" + id + "\"}");
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String json) {
        return new ConsumerRecord<>(
                "orders",
                0,
                offset,
                TIMESTAMP,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                json.length(),
                null,
                json.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }
}
