package io.kcsink.config;

import io.kcsink.ingest.RouteGroup;
import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.SinkListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The listeners of the route groups that name a {@code group-id}: one {@link SinkListener} over only the group's routes
 * each, registered as an endpoint of the same container factory as the default {@code @KafkaListener} (so error
 * handling, acknowledgement, rebalance listeners and write clocks are the same) under the group's listener id, in its
 * own consumer group. Passes rebalances and idle consumers on to these listeners; each keeps its in-flight batch per
 * consumer thread, so a listener told of another container's consumer finds nothing to do.
 */
final class GroupListeners implements KafkaListenerConfigurer, ConsumerAwareRebalanceListener {

    private final RouteGroups groups;
    private final List<SinkListener> listeners = new ArrayList<>();
    private final Supplier<KafkaListenerContainerFactory<?>> factory;
    private final BeanFactory beans;

    /**
     * @param factory the container factory, asked for when the endpoints are registered: Boot's listener configuration
     *     looks for rebalance listeners, this one among them, while the factory is being created
     */
    GroupListeners(
            RouteGroups groups,
            Function<RouteGroup, SinkListener> listenerOf,
            Supplier<KafkaListenerContainerFactory<?>> factory,
            BeanFactory beans) {
        this.groups = groups;
        this.factory = factory;
        this.beans = beans;
        for (RouteGroup group : groups.own()) {
            listeners.add(listenerOf.apply(group));
        }
    }

    @Override
    public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
        List<RouteGroup> own = groups.own();
        for (int i = 0; i < own.size(); i++) {
            registrar.registerEndpoint(endpoint(own.get(i), listeners.get(i)), factory.get());
        }
    }

    private MethodKafkaListenerEndpoint<Object, Object> endpoint(RouteGroup group, SinkListener listener) {
        MethodKafkaListenerEndpoint<Object, Object> endpoint = new MethodKafkaListenerEndpoint<>();
        endpoint.setId(group.listenerId());
        endpoint.setGroupId(String.valueOf(group.groupId()));
        endpoint.setTopicPattern(Pattern.compile(group.routes().topicPattern()));
        endpoint.setConcurrency(group.concurrency());
        endpoint.setBatchListener(true);
        endpoint.setBean(listener);
        endpoint.setMethod(ON_BATCH);
        endpoint.setBeanFactory(beans);
        // The argument resolvers of @KafkaListener methods (Acknowledgment, Consumer), as the annotated listener has.
        endpoint.setMessageHandlerMethodFactory(beans.getBean(
                        KafkaListenerConfigUtils.KAFKA_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME,
                        KafkaListenerAnnotationBeanPostProcessor.class)
                .getMessageHandlerMethodFactory());
        return endpoint;
    }

    private static final Method ON_BATCH = onBatch();

    private static Method onBatch() {
        try {
            return SinkListener.class.getMethod("onBatch", List.class, Consumer.class, Acknowledgment.class);
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException("SinkListener.onBatch(List, Consumer, Acknowledgment) is gone", ex);
        }
    }

    /** Settles the in-flight batch of the idle consumer's thread, in whichever group's listener has it. */
    void settleIdle(Consumer<?, ?> consumer) {
        listeners.forEach(listener -> listener.settleIdle(consumer));
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsRevokedBeforeCommit(consumer, partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        listeners.forEach(listener -> listener.onPartitionsLost(consumer, partitions));
    }
}
