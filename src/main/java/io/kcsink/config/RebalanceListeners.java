package io.kcsink.config;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * The container takes one rebalance listener; the sink has two: the route control, which keeps paused routes paused,
 * and the listener, which settles its in-flight batch before partitions are revoked. Each is told of every change, in
 * order.
 */
final class RebalanceListeners implements ConsumerAwareRebalanceListener {

    private final List<ConsumerAwareRebalanceListener> listeners;

    RebalanceListeners(List<ConsumerAwareRebalanceListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsRevokedBeforeCommit(consumer, partitions));
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsRevokedAfterCommit(consumer, partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsLost(consumer, partitions));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsAssigned(consumer, partitions));
    }
}
