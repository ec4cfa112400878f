package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.errors.Redelivery;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener's container as {@link ListenerContainerConfiguration} builds it from the application's defaults and
 * the user's properties, with Boot's Kafka auto-configuration and no broker: batches committed by the container,
 * retriable failures retried with the back-off of {@code sink.retry.*} and then dead-lettered, a failed route stopping
 * the container. Error handling is driven through the container factory's handler with a scripted consumer.
 */
class ListenerContainerConfigurationTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withUserConfiguration(
                    ListenerCollaborators.class, KafkaClientsConfiguration.class, ListenerContainerConfiguration.class);

    @Test
    void listensInBatchesCommittedOnlyWhenTheListenerAcknowledgesThemWhateverSpringKafkaListenerSays() {
        context.withPropertyValues(
                        "spring.kafka.listener.type=single",
                        "spring.kafka.listener.ack-mode=record",
                        "spring.kafka.consumer.enable-auto-commit=true")
                .run(context -> {
                    ConcurrentKafkaListenerContainerFactory<?, ?> factory = factory(context);
                    assertThat(factory.isBatchListener()).isTrue();
                    assertThat(factory.getContainerProperties().getAckMode()).isEqualTo(AckMode.MANUAL);
                    assertThat(factory.getConsumerFactory().getConfigurationProperties())
                            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                });
    }

    @Test
    void takesBootsListenerSettingsThatDoNotTouchTheCommitGuard() {
        context.withPropertyValues("spring.kafka.listener.concurrency=3", "spring.kafka.consumer.max-poll-records=77")
                .run(context -> {
                    ConcurrentKafkaListenerContainerFactory<?, ?> factory = factory(context);
                    assertThat(factory.createContainer("orders").getConcurrency())
                            .isEqualTo(3);
                    assertThat(factory.getConsumerFactory().getConfigurationProperties())
                            .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 77)
                            .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "kafka-cassandra-sink");
                });
    }

    @Test
    void retriesWithTheBackOffOfSinkRetry() {
        context.withPropertyValues(
                        "sink.retry.initial-interval=7ms",
                        "sink.retry.multiplier=3",
                        "sink.retry.max-interval=50ms",
                        "sink.retry.jitter=1ms",
                        "sink.retry.max-attempts=4")
                .run(context -> assertThat(backOff(context)).satisfies(backOff -> {
                    assertThat(backOff.getInitialInterval()).isEqualTo(7);
                    assertThat(backOff.getMultiplier()).isEqualTo(3.0);
                    assertThat(backOff.getMaxInterval()).isEqualTo(50);
                    assertThat(backOff.getJitter()).isEqualTo(1);
                    assertThat(backOff.getMaxAttempts()).isEqualTo(4);
                }));
    }

    @Test
    void retriesForEverByDefault() {
        context.run(context -> {
            assertThat(backOff(context).getMaxAttempts()).isEqualTo(Long.MAX_VALUE);
            assertThat(backOff(context).getMaxElapsedTime()).isEqualTo(Long.MAX_VALUE);
        });
    }

    @Test
    void aFailedDeliveryIsReadAgainFromTheBrokerAfterTheBackOffNeverRetriedFromMemoryNorCommitted() {
        context.withPropertyValues("sink.retry.initial-interval=1ms", "sink.retry.jitter=0")
                .run(context -> {
                    ConsumerRecords<byte[], byte[]> batch = batch(2);
                    Consumer<byte[], byte[]> consumer = consumer(Set.of(ORDERS_0));
                    AtomicInteger inMemoryRetries = new AtomicInteger();
                    CommonErrorHandler handler = handler(context);

                    // Thrown, so that the container commits nothing of the delivery.
                    assertThatThrownBy(() -> handler.handleBatch(
                                    failed(cassandraDown()),
                                    batch,
                                    consumer,
                                    container(),
                                    inMemoryRetries::incrementAndGet))
                            .isInstanceOf(KafkaException.class)
                            .hasMessageContaining("read again");

                    verify(consumer).seek(ORDERS_0, 0L);
                    assertThat(inMemoryRetries).hasValue(0);
                    verify(consumer, never()).commitSync(any(Map.class));
                    verify(consumer, never()).commitSync(any(Map.class), any(Duration.class));
                });
    }

    @Test
    void aDeliveryIsReadAgainFromTheEarliestRecordOfAnInFlightBatchBeforeIt() {
        // The listener's previous batch was still being written when this one failed: both are read again.
        context.withPropertyValues("sink.retry.initial-interval=1ms", "sink.retry.jitter=0")
                .run(context -> {
                    Consumer<byte[], byte[]> consumer = consumer(Set.of(ORDERS_0, ORDERS_1));
                    ConsumerRecords<byte[], byte[]> failedBatch = new ConsumerRecords<>(
                            Map.of(
                                    ORDERS_0, List.of(record(ORDERS_0, 500), record(ORDERS_0, 501)),
                                    ORDERS_1, List.of(record(ORDERS_1, 70))),
                            Map.of());
                    context.getBean(Redelivery.class).rewind(ORDERS_0, 0);

                    handleAndExpectRedelivery(handler(context), failedBatch, consumer, container());

                    verify(consumer).seek(ORDERS_0, 0L);
                    verify(consumer).seek(ORDERS_1, 70L);
                    verify(consumer, never()).seek(ORDERS_0, 500L);
                });
    }

    @Test
    void afterMaxAttemptsFailedDeliveriesTheNextDeliveryParksWhatStillFails() {
        context.withPropertyValues(
                        "sink.retry.initial-interval=1ms", "sink.retry.jitter=0", "sink.retry.max-attempts=2")
                .run(context -> {
                    Redelivery redelivery = context.getBean(Redelivery.class);
                    CommonErrorHandler handler = handler(context);
                    Consumer<byte[], byte[]> consumer = consumer(Set.of(ORDERS_0));

                    handleAndExpectRedelivery(handler, batch(1), consumer, container());
                    handleAndExpectRedelivery(handler, batch(1), consumer, container());
                    assertThat(redelivery.exhausted()).isFalse();
                    handleAndExpectRedelivery(handler, batch(1), consumer, container());

                    assertThat(redelivery.exhausted()).isTrue();
                    assertThat(redelivery.failedDeliveries()).isEqualTo(3);
                    verify(consumer, times(3)).seek(ORDERS_0, 0L);
                    redelivery.succeeded();
                    assertThat(redelivery.exhausted()).isFalse();
                });
    }

    @Test
    void waitsWithEveryPartitionPausedButPollingAndPausesPartitionsAssignedMeanwhile() {
        // The container's rebalance listener calls the error handler inside poll(); a partition assigned during the
        // back-off must not be fetched, or the wait's polls would take and drop its records.
        context.withPropertyValues("sink.retry.initial-interval=50ms", "sink.retry.jitter=0")
                .run(context -> {
                    CommonErrorHandler handler = handler(context);
                    Set<TopicPartition> assignment = new HashSet<>(Set.of(ORDERS_0));
                    Consumer<byte[], byte[]> consumer = consumer(assignment);
                    AtomicBoolean pausePublished = new AtomicBoolean();
                    AtomicBoolean rebalanced = new AtomicBoolean();
                    when(consumer.poll(any(Duration.class))).thenAnswer(poll -> {
                        if (rebalanced.compareAndSet(false, true)) {
                            assignment.add(ORDERS_1);
                            handler.onPartitionsAssigned(consumer, List.of(ORDERS_1), () -> pausePublished.set(true));
                        }
                        return ConsumerRecords.empty();
                    });

                    handleAndExpectRedelivery(handler, batch(1), consumer, container());

                    assertThat(rebalanced).isTrue();
                    verify(consumer).pause(Set.of(ORDERS_0));
                    verify(consumer).pause(List.of(ORDERS_1));
                    assertThat(pausePublished).isTrue();
                    verify(consumer).resume(Set.of(ORDERS_0, ORDERS_1));
                });
    }

    @Test
    @Timeout(30)
    void stopsWaitingWhenTheContainerStops() {
        // A back-off of an hour: the handler returns because the container is no longer running, not after the hour.
        context.withPropertyValues("sink.retry.initial-interval=1h", "sink.retry.jitter=0")
                .run(context -> {
                    MessageListenerContainer stopped = container();
                    stopped.stopAbnormally(() -> {});

                    handleAndExpectRedelivery(handler(context), batch(1), consumer(Set.of(ORDERS_0)), stopped);

                    assertThat(stopped.isRunning()).isFalse();
                });
    }

    @Test
    void aFailedRouteStopsTheContainerWithoutRetryingCommittingOrDeadLettering() {
        context.run(context -> {
            ConsumerRecords<byte[], byte[]> batch = batch(1);
            Consumer<byte[], byte[]> consumer = consumer(Set.of(ORDERS_0));
            MessageListenerContainer container = container();
            RouteFailedException failure = new RouteFailedException(
                    "orders",
                    new RecordFailureException(
                            Stage.MAP, "orders", "id", "id", "not an int", new NumberFormatException()));
            AtomicInteger redeliveries = new AtomicInteger();

            assertThatThrownBy(() -> handler(context)
                            .handleBatch(failed(failure), batch, consumer, container, redeliveries::incrementAndGet))
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining("Stopped container");

            verify(container).stopAbnormally(any(Runnable.class));
            assertThat(redeliveries).hasValue(0);
            verify(consumer, never()).commitSync(any(Map.class));
            verify(context.getBean(DeadLetterPublisher.class), never()).accept(any(), any(), any());
        });
    }

    private static ConcurrentKafkaListenerContainerFactory<?, ?> factory(ApplicationContext context) {
        return context.getBean("sinkListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);
    }

    private static CommonErrorHandler handler(ApplicationContext context) {
        // The handler the factory gives each container it creates.
        CommonErrorHandler handler = factory(context).createContainer("orders").getCommonErrorHandler();
        assertThat(handler).isNotNull();
        return handler;
    }

    private static ExponentialBackOff backOff(ApplicationContext context) {
        return (ExponentialBackOff)
                new DirectFieldAccessor(context.getBean(Redelivery.class)).getPropertyValue("backOff");
    }

    private static void handleAndExpectRedelivery(
            CommonErrorHandler handler,
            ConsumerRecords<byte[], byte[]> batch,
            Consumer<byte[], byte[]> consumer,
            MessageListenerContainer container) {
        assertThatThrownBy(() -> handler.handleBatch(failed(cassandraDown()), batch, consumer, container, () -> {}))
                .isInstanceOf(KafkaException.class);
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[] {1}, new byte[] {2});
    }

    private static ConsumerRecords<byte[], byte[]> batch(int size) {
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int offset = 0; offset < size; offset++) {
            records.add(new ConsumerRecord<>("orders", 0, offset, new byte[] {1}, new byte[] {2}));
        }
        return new ConsumerRecords<>(Map.of(ORDERS_0, records), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Consumer<byte[], byte[]> consumer(Set<TopicPartition> assignment) {
        Consumer<byte[], byte[]> consumer = mock(Consumer.class);
        when(consumer.assignment()).thenAnswer(invocation -> Set.copyOf(assignment));
        when(consumer.poll(any(Duration.class))).thenReturn(ConsumerRecords.empty());
        return consumer;
    }

    /** A running container that stops when told to. */
    private static MessageListenerContainer container() {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        AtomicBoolean running = new AtomicBoolean(true);
        when(container.isRunning()).thenAnswer(invocation -> running.get());
        doAnswer(invocation -> {
                    running.set(false);
                    return null;
                })
                .when(container)
                .stopAbnormally(any(Runnable.class));
        return container;
    }

    private static RetriableBatchException cassandraDown() {
        return new RetriableBatchException("writing a batch failed and will be retried", new IllegalStateException());
    }

    /** How the container hands the listener's failure to the error handler. */
    private static ListenerExecutionFailedException failed(RuntimeException failure) {
        return new ListenerExecutionFailedException("listener failed", failure);
    }
}
