package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.Redelivery;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.BatchWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The commit guard with pipelined polls: a full poll's writes stay in flight while the listener takes the next poll,
 * and a batch is acknowledged (its offsets committed) only once every record is in Cassandra or parked, after the batch
 * before it; a batch that fails after the next one was taken is read again with it, from its first record. Writes are
 * scripted per row, and a row can be held until the test releases it; no broker, no Cassandra.
 */
class PipelinedCommitGuardTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final HeldWriter writer = new HeldWriter();
    private final ScriptedDeadLetters deadLetters = new ScriptedDeadLetters(journal);
    private final Redelivery redelivery = new Redelivery(new FixedBackOff(0));
    private final ExecutorService writes = Executors.newCachedThreadPool();
    private final Consumer<?, ?> consumer = consumer(P0, P1);
    /** A poll of two records is full: its writes overlap the next poll. */
    private final SinkListener listener = new SinkListener(
            new Routes(new ArrayList<>(List.of(route()))),
            writer,
            deadLetters,
            SinkEvents.NONE,
            new WriteClocks(false),
            redelivery,
            writes,
            2,
            SinkListener.FAILURES_LOGGED_PER_MINUTE);

    @AfterEach
    void stopWrites() {
        writer.releaseAll();
        writes.shutdownNow();
    }

    @Test
    void aFullPollIsLeftInFlightAndAcknowledgedWhenTheNextPollSettlesIt() throws Exception {
        writer.hold(1);
        Ack first = new Ack("first");
        Ack second = new Ack("second");

        listener.onBatch(List.of(order(0, 0, 1), order(0, 1, 2)), consumer, first);

        // Returned while row 1 is still being written: the consumer polls again, nothing is committed.
        assertThat(writer.completed(1)).isFalse();
        assertThat(first.acknowledged).isFalse();

        writer.release(1);
        listener.onBatch(List.of(order(0, 2, 3), order(0, 3, 4)), consumer, second);

        assertThat(first.acknowledged).isTrue();
        assertThat(second.acknowledged).isFalse();
        listener.settleIdle(consumer);
        assertThat(second.acknowledged).isTrue();
        assertThat(journal).containsSubsequence("ack first", "ack second");
    }

    @Test
    void aShortPollIsAcknowledgedBeforeTheListenerReturns() throws Exception {
        Ack only = new Ack("only");

        listener.onBatch(List.of(order(0, 0, 1)), consumer, only);

        assertThat(only.acknowledged).isTrue();
        assertThat(writer.completed(1)).isTrue();
    }

    @Test
    void aSettledBatchStartsTheBackOffOver() throws Exception {
        // As the error handler counts a failed delivery before the records are read again.
        redelivery.failedDelivery();
        assertThat(redelivery.failedDeliveries()).isEqualTo(1);

        listener.onBatch(List.of(order(0, 0, 1)), consumer, new Ack("only"));

        assertThat(redelivery.failedDeliveries()).isZero();
    }

    @Test
    void aBatchThatFailsAfterTheNextWasTakenIsReadAgainWithTheNextFromItsFirstRecordAndNeitherIsCommitted()
            throws Exception {
        writer.fails(2, new DriverTimeoutException("timed out"));
        Ack first = new Ack("first");
        Ack second = new Ack("second");
        listener.onBatch(List.of(order(0, 10, 1), order(0, 11, 2)), consumer, first);

        assertThatThrownBy(() -> listener.onBatch(List.of(order(0, 12, 3), order(1, 40, 4)), consumer, second))
                .isInstanceOf(RetriableBatchException.class);

        assertThat(first.acknowledged).isFalse();
        assertThat(second.acknowledged).isFalse();
        // The second batch's writes finished before the listener threw: none lands behind the redelivery.
        assertThat(writer.completed(3)).isTrue();
        assertThat(writer.completed(4)).isTrue();
        redelivery.seekBack(consumer);
        verify(consumer).seek(P0, 10L);
        verify(consumer).seek(P1, 40L);
        verify(consumer, never()).seek(P0, 12L);
    }

    @Test
    void aRowOfAKeyStillBeingWrittenByThePreviousBatchWaitsForIt() throws Exception {
        // Both batches on one consumer thread, as the container delivers them.
        AtomicReference<@Nullable Thread> thread = new AtomicReference<>();
        ExecutorService consumerThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread created = new Thread(runnable, "consumer");
            thread.set(created);
            return created;
        });
        try {
            writer.hold(1);
            consumerThread
                    .submit(() -> {
                        listener.onBatch(List.of(order(0, 0, 1), order(0, 1, 2)), consumer, new Ack("first"));
                        return null;
                    })
                    .get();
            Future<?> second = consumerThread.submit(() -> {
                listener.onBatch(List.of(order(0, 2, 1), order(0, 3, 5)), consumer, new Ack("second"));
                return null;
            });
            // The listener took the second batch and waits for the first; key 1 has not been written again meanwhile.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> thread.get() != null && thread.get().getState() == Thread.State.WAITING);
            assertThat(writer.started.get(1)).isEqualTo(1);

            writer.release(1);
            second.get(30, TimeUnit.SECONDS);
            consumerThread.submit(() -> listener.settleIdle(consumer)).get(30, TimeUnit.SECONDS);

            assertThat(writer.started.get(1)).isEqualTo(2);
            assertThat(journal).containsSubsequence("start 1", "written 1", "start 1");
        } finally {
            consumerThread.shutdownNow();
        }
    }

    @Test
    void revokedPartitionsSettleTheInFlightBatchBeforeTheyAreCommitted() throws Exception {
        Ack first = new Ack("first");
        listener.onBatch(List.of(order(0, 0, 1), order(0, 1, 2)), consumer, first);
        assertThat(first.acknowledged).isFalse();

        listener.onPartitionsRevokedBeforeCommit(consumer, List.of(P0));

        assertThat(first.acknowledged).isTrue();
    }

    @Test
    void anInFlightBatchThatFailsWhenItsPartitionsAreRevokedIsGivenUpUncommittedAndReadAgain() throws Exception {
        writer.fails(1, new DriverTimeoutException("timed out"));
        Ack first = new Ack("first");
        listener.onBatch(List.of(order(0, 7, 1), order(0, 8, 2)), consumer, first);

        listener.onPartitionsRevokedBeforeCommit(consumer, List.of(P0));

        assertThat(first.acknowledged).isFalse();
        verify(consumer).seek(P0, 7L);
    }

    @Test
    void anInFlightBatchWhosePartitionsAreLostIsGivenUpAndNeverCommittedLater() throws Exception {
        Ack first = new Ack("first");
        listener.onBatch(List.of(order(0, 5, 1), order(0, 6, 2)), consumer, first);
        assertThat(first.acknowledged).isFalse();

        listener.onPartitionsLost(consumer, List.of(P0));
        // Nothing of it is settled afterwards: its offsets may belong to another consumer by now.
        listener.settleIdle(consumer);

        assertThat(first.acknowledged).isFalse();
        verify(consumer).seek(P0, 5L);
    }

    @Test
    void partitionsLostOrRevokedThatTheInFlightBatchDoesNotHoldLeaveItInFlight() throws Exception {
        Ack first = new Ack("first");
        listener.onBatch(List.of(order(0, 5, 1), order(0, 6, 2)), consumer, first);

        listener.onPartitionsLost(consumer, List.of(P1));
        listener.onPartitionsRevokedBeforeCommit(consumer, List.of(P1));

        assertThat(first.acknowledged).isFalse();
        verify(consumer, never()).seek(any(TopicPartition.class), anyLong());
        listener.settleIdle(consumer);
        assertThat(first.acknowledged).isTrue();
    }

    @Test
    void theDeadLettersOfABatchAreSentOnlyAfterTheBatchBeforeItIsSettled() throws Exception {
        writer.hold(1);
        Ack first = new Ack("first");
        Ack second = new Ack("second");
        listener.onBatch(List.of(order(0, 0, 1), order(0, 1, 2)), consumer, first);
        writer.release(1);

        listener.onBatch(List.of(record(0, 2, "not json"), order(0, 3, 3)), consumer, second);
        listener.settleIdle(consumer);

        // The first batch's wait for its dead letters (none) comes before the second batch parks its record.
        assertThat(journal).containsSubsequence("await", "ack first", "parked 2", "await", "ack second");
        assertThat(deadLetters.offsets()).containsExactly(2L);
    }

    @Test
    void aBatchIsAcknowledgedOnlyOnceItsDeadLettersAreAcknowledged() throws Exception {
        deadLetters.refuses(1, new IllegalStateException("broker down"));
        Ack first = new Ack("first");
        listener.onBatch(List.of(order(0, 0, 1), record(0, 1, "not json")), consumer, first);

        listener.settleIdle(consumer);

        assertThat(first.acknowledged).isFalse();
        verify(consumer).seek(P0, 0L);
    }

    /** Acknowledgement of one batch, noted in the journal. */
    private final class Ack implements Acknowledgment {
        private final String name;
        volatile boolean acknowledged;

        Ack(String name) {
            this.name = name;
        }

        @Override
        public void acknowledge() {
            assertThat(acknowledged).as("acknowledged twice: " + name).isFalse();
            acknowledged = true;
            journal.add("ack " + name);
        }
    }

    /** Writes rows at once, except those held until released; a scripted failure fails a row's next write. */
    private final class HeldWriter implements BatchWriter {
        private final Map<Object, CountDownLatch> held = new ConcurrentHashMap<>();
        private final Map<Object, Throwable> failures = new ConcurrentHashMap<>();
        final Map<Object, Integer> started = new ConcurrentHashMap<>();
        private final Set<Object> completed = ConcurrentHashMap.newKeySet();

        void hold(Object key) {
            held.put(key, new CountDownLatch(1));
        }

        private final Map<Object, CountDownLatch> taken = new ConcurrentHashMap<>();

        void release(Object key) {
            CountDownLatch gate = held.containsKey(key) ? held.get(key) : taken.get(key);
            gate.countDown();
        }

        void releaseAll() {
            held.values().forEach(CountDownLatch::countDown);
            taken.values().forEach(CountDownLatch::countDown);
        }

        void fails(Object key, Throwable failure) {
            failures.put(key, failure);
        }

        boolean completed(Object key) {
            return completed.contains(key);
        }

        @Override
        public List<@Nullable Throwable> write(List<Row> rows) throws InterruptedException {
            List<@Nullable Throwable> result = new ArrayList<>();
            for (Row row : rows) {
                Object key = row.primaryKey().get(0);
                started.merge(key, 1, Integer::sum);
                journal.add("start " + key);
                CountDownLatch gate = held.remove(key);
                if (gate != null) {
                    taken.put(key, gate);
                    gate.await();
                }
                journal.add("written " + key);
                completed.add(key);
                result.add(failures.remove(key));
            }
            return result;
        }
    }

    private static SinkRoute route() {
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id, product FROM orders")
                                .get(0),
                        ORDERS),
                json,
                json);
    }

    private static ConsumerRecord<byte[], byte[]> order(int partition, long offset, int id) {
        return record(partition, offset, "{\"id\": " + id + ", \"product\": \"product-" + id + "\"}");
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String json) {
        return new ConsumerRecord<>("orders", partition, offset, null, json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Consumer<?, ?> consumer(TopicPartition... assigned) {
        Consumer<byte[], byte[]> consumer = mock(Consumer.class);
        when(consumer.assignment()).thenReturn(Set.of(assigned));
        return consumer;
    }
}
