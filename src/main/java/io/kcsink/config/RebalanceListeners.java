package io.kcsink.config;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * The container takes one rebalance listener; the sink has two: the route control, which keeps paused routes paused,
 * and the listener, which settles its in-flight batch before partitions are revoked. Each is told of every change, in
 * order.
 */
final class RebalanceListeners implements ConsumerAwareRebalanceListener {

    private final ObjectProvider<ConsumerAwareRebalanceListener> provider;
    private volatile @Nullable List<ConsumerAwareRebalanceListener> resolved;

    /**
     * @param provider the listeners, looked up at the first rebalance: the sink's listener is one, and it is created
     *     after the container factory that needs this
     */
    RebalanceListeners(ObjectProvider<ConsumerAwareRebalanceListener> provider) {
        this.provider = provider;
    }

    private List<ConsumerAwareRebalanceListener> listeners() {
        List<ConsumerAwareRebalanceListener> listeners = resolved;
        if (listeners == null) {
            listeners = provider.orderedStream().toList();
            resolved = listeners;
        }
        return listeners;
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners().forEach(listener -> listener.onPartitionsRevokedBeforeCommit(consumer, partitions));
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners().forEach(listener -> listener.onPartitionsRevokedAfterCommit(consumer, partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners().forEach(listener -> listener.onPartitionsLost(consumer, partitions));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners().forEach(listener -> listener.onPartitionsAssigned(consumer, partitions));
    }
}
