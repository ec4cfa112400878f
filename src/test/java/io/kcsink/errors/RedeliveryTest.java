package io.kcsink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What a failed delivery reads again and how long it waits: the listener notes the earliest record per partition, the
 * error handler seeks there (only on partitions the consumer still holds) and counts the failure against the back-off,
 * and a delivery that succeeds starts the back-off over. Kafka's own {@link MockConsumer} records the seeks.
 */
class RedeliveryTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition REVOKED = new TopicPartition("orders", 2);

    private final Redelivery redelivery = new Redelivery(new FixedBackOff(250, 2));
    private final MockConsumer<byte[], byte[]> consumer = consumer(ORDERS_0, ORDERS_1);

    @Test
    void eachPartitionIsReadAgainFromItsEarliestFailedRecordAndOnlyWhereItIsStillAssigned() {
        redelivery.rewind(ORDERS_0, 70);
        redelivery.rewind(record(ORDERS_0, 40));
        redelivery.rewind(ORDERS_0, 55);
        redelivery.rewind(record(ORDERS_1, 3));
        redelivery.rewind(REVOKED, 9);

        Map<TopicPartition, Long> sought = redelivery.seekBack(consumer);

        assertThat(sought).isEqualTo(Map.of(ORDERS_0, 40L, ORDERS_1, 3L));
        assertThat(consumer.position(ORDERS_0)).isEqualTo(40);
        assertThat(consumer.position(ORDERS_1)).isEqualTo(3);
        // A seek consumes the rewind: the next failure starts from what it notes itself.
        assertThat(redelivery.pendingRewind()).isEmpty();
        assertThat(redelivery.seekBack(consumer)).isEmpty();
    }

    @Test
    void failedDeliveriesWaitTheBackOffUntilItRunsOutThenTheNextDeliveryParks() {
        assertThat(redelivery.failedDelivery()).isEqualTo(250);
        assertThat(redelivery.exhausted()).isFalse();
        assertThat(redelivery.failedDelivery()).isEqualTo(250);
        assertThat(redelivery.exhausted()).isFalse();

        assertThat(redelivery.failedDelivery()).isEqualTo(BackOffExecution.STOP);

        assertThat(redelivery.exhausted()).isTrue();
        assertThat(redelivery.failedDeliveries()).isEqualTo(3);
    }

    @Test
    void aDeliveryThatSucceedsStartsTheBackOffOver() {
        redelivery.failedDelivery();
        redelivery.failedDelivery();
        redelivery.failedDelivery();

        redelivery.succeeded();

        assertThat(redelivery.exhausted()).isFalse();
        assertThat(redelivery.failedDeliveries()).isZero();
        assertThat(redelivery.failedDelivery()).isEqualTo(250);
        assertThat(redelivery.failedDeliveries()).isEqualTo(1);
    }

    @Test
    void eachConsumerThreadHasItsOwnRewindAndBackOff() throws Exception {
        redelivery.rewind(ORDERS_0, 5);
        redelivery.failedDelivery();
        redelivery.failedDelivery();

        CompletableFuture<List<Object>> other = CompletableFuture.supplyAsync(
                () -> List.of(redelivery.pendingRewind(), redelivery.failedDeliveries(), redelivery.failedDelivery()));

        assertThat(other.get()).containsExactly(Map.of(), 0, 250L);
        assertThat(redelivery.pendingRewind()).isEqualTo(Map.of(ORDERS_0, 5L));
        assertThat(redelivery.failedDeliveries()).isEqualTo(2);
    }

    private static MockConsumer<byte[], byte[]> consumer(TopicPartition... assigned) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(Set.of(assigned));
        return consumer;
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0], new byte[0]);
    }
}
