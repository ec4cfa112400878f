package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The dead letters of the records the listener parks, as the service's {@link DeadLetterPublisher} writes them, with a
 * template that records its sends instead of talking to a broker: the original bytes, spring-kafka's
 * {@code kafka_dlt-*} headers and the sink's {@code sink-failure-*} headers naming stage, route, path and column; and
 * the listener returns only once the broker's acknowledgement has come.
 */
class ParkedRecordHeadersTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private static final byte[] KEY = "k-7".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRowCassandraRejectsIsParkedWithItsBytesAndHeadersNamingTheWriteStageAndRoute() throws Exception {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));
        SinkListener listener = listener(
                template, rows -> List.of(new InvalidQueryException(mock(Node.class), "Key may not be empty")));
        byte[] value = "{\"id\": 7, \"product\": \"\"}".getBytes(StandardCharsets.UTF_8);

        listener.onBatch(List.of(new ConsumerRecord<>("orders", 2, 41L, KEY, value)));

        assertThat(template.sent).singleElement().satisfies(parked -> {
            assertThat(parked.topic()).isEqualTo("orders.DLT");
            assertThat(parked.key()).isEqualTo(KEY);
            assertThat(parked.value()).isEqualTo(value);
            assertThat(header(parked, DeadLetterPublisher.STAGE)).isEqualTo("write");
            assertThat(header(parked, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
            assertThat(header(parked, DeadLetterPublisher.PATH)).isNull();
            assertThat(header(parked, DeadLetterPublisher.COLUMN)).isNull();
            assertThat(header(parked, "kafka_dlt-original-topic")).isEqualTo("orders");
            assertThat(parked.headers()
                            .lastHeader("kafka_dlt-original-partition")
                            .value())
                    .isEqualTo(ByteBuffer.allocate(4).putInt(2).array());
            assertThat(parked.headers().lastHeader("kafka_dlt-original-offset").value())
                    .isEqualTo(ByteBuffer.allocate(8).putLong(41L).array());
            assertThat(header(parked, "kafka_dlt-exception-fqcn")).isEqualTo(RecordFailureException.class.getName());
            assertThat(header(parked, "kafka_dlt-exception-message"))
                    .isEqualTo("Cassandra rejected the row: Key may not be empty");
        });
    }

    @Test
    void aRecordThatCannotBeMappedIsParkedWithHeadersNamingTheMapStagePathAndColumn() throws Exception {
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.completedFuture(null));
        SinkListener listener = listener(template, ParkedRecordHeadersTest::allWritten);

        listener.onBatch(List.of(
                new ConsumerRecord<>("orders", 0, 3L, KEY, "{\"id\": \"seven\"}".getBytes(StandardCharsets.UTF_8))));

        assertThat(template.sent).singleElement().satisfies(parked -> {
            assertThat(header(parked, DeadLetterPublisher.STAGE)).isEqualTo("map");
            assertThat(header(parked, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
            assertThat(header(parked, DeadLetterPublisher.PATH)).isEqualTo("id");
            assertThat(header(parked, DeadLetterPublisher.COLUMN)).isEqualTo("id");
            assertThat(header(parked, "kafka_dlt-exception-message")).contains("seven");
        });
    }

    @Test
    void returnsOnlyOnceTheBrokerHasAcknowledgedTheDeadLetter() throws Exception {
        List<LateAck> acks = new CopyOnWriteArrayList<>();
        RecordingTemplate template = new RecordingTemplate(record -> {
            LateAck ack = new LateAck();
            acks.add(ack);
            return ack;
        });
        SinkListener listener = listener(template, ParkedRecordHeadersTest::allWritten);

        listener.onBatch(List.of(new ConsumerRecord<>("orders", 0, 3L, KEY, new byte[] {'{'})));

        assertThat(acks).singleElement().satisfies(ack -> assertThat(ack).isDone());
    }

    @Test
    void aDeadLetterTheBrokerRefusesFailsTheBatchWithTheBrokersReason() {
        NotLeaderOrFollowerException notLeader = new NotLeaderOrFollowerException("not the leader of orders.DLT-0");
        RecordingTemplate template = new RecordingTemplate(record -> CompletableFuture.failedFuture(notLeader));
        SinkListener listener = listener(template, ParkedRecordHeadersTest::allWritten);

        assertThatThrownBy(
                        () -> listener.onBatch(List.of(new ConsumerRecord<>("orders", 0, 3L, KEY, new byte[] {'{'}))))
                .isInstanceOf(RetriableBatchException.class)
                .hasCause(notLeader);
    }

    private static SinkListener listener(RecordingTemplate template, io.kcsink.write.BatchWriter writer) {
        JsonDecoder json = new JsonDecoder();
        SinkRoute route = SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id, product FROM orders")
                                .get(0),
                        ORDERS),
                json,
                json);
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(
                template, (record, ex) -> record.topic() + ".DLT", Duration.ofSeconds(5), false);
        return new SinkListener(new Routes(new ArrayList<>(List.of(route))), writer, deadLetters, SinkEvents.NONE);
    }

    private static List<@Nullable Throwable> allWritten(List<?> rows) {
        List<@Nullable Throwable> none = new ArrayList<>();
        rows.forEach(row -> none.add(null));
        return none;
    }

    private static @Nullable String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The broker's acknowledgement of a dead letter, which comes a little after the producer's caller starts waiting for
     * it, and never if nobody waits: done when the listener returns only if the listener waited for it.
     */
    private static final class LateAck extends CompletableFuture<SendResult<byte[], byte[]>> {

        @Override
        public SendResult<byte[], byte[]> get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            completeAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            return super.get(timeout, unit);
        }

        @Override
        public SendResult<byte[], byte[]> get() throws InterruptedException, ExecutionException {
            completeAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            return super.get();
        }

        @Override
        public SendResult<byte[], byte[]> join() {
            completeAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            return super.join();
        }
    }

    /** A template that records what it is asked to send and answers with a given outcome; it never connects. */
    private static final class RecordingTemplate extends KafkaTemplate<byte[], byte[]> {

        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        private final Function<ProducerRecord<byte[], byte[]>, CompletableFuture<SendResult<byte[], byte[]>>> outcome;

        RecordingTemplate(
                Function<ProducerRecord<byte[], byte[]>, CompletableFuture<SendResult<byte[], byte[]>>> outcome) {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
            this.outcome = outcome;
        }

        @Override
        public CompletableFuture<SendResult<byte[], byte[]>> send(ProducerRecord<byte[], byte[]> record) {
            sent.add(record);
            return outcome.apply(record);
        }
    }
}
