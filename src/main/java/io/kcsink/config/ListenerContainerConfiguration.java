package io.kcsink.config;

import io.kcsink.errors.Redelivery;
import io.kcsink.errors.RedeliveryErrorHandler;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.ingest.WriteClocks;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.RetryListener;

/**
 * How the listener's container consumes, commits and handles failures: one batch listener whose offsets are committed
 * by the container after each batch ({@code AckMode.BATCH}, never auto-commit), retriable failures retried with the
 * back-off of {@code sink.retry.*}, and a route with the error policy {@code fail} stopping the container.
 */
@Configuration(proxyBeanMethods = false)
class ListenerContainerConfiguration {

    /** How long a consumer has had no records before it settles its last in-flight batch. */
    static final Duration IDLE_EVENT_INTERVAL = Duration.ofSeconds(1);

    @Bean
    Redelivery sinkRedelivery(SinkProperties properties) {
        return new Redelivery(properties.retry().createBackOff());
    }

    @Bean
    RedeliveryErrorHandler sinkErrorHandler(Redelivery redelivery, ObjectProvider<RetryListener> retryListeners) {
        return new RedeliveryErrorHandler(
                redelivery, retryListeners.orderedStream().toList());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> sinkListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            KafkaClientSettings clients,
            RedeliveryErrorHandler sinkErrorHandler,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> consumerCustomizers,
            ObjectProvider<ConsumerAwareRebalanceListener> rebalanceListeners,
            ObjectProvider<WriteClocks> writeClocks) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> consumerFactory =
                (ConsumerFactory) clients.consumerFactory(consumerCustomizers);
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        // The listener acknowledges each batch once its records are in Cassandra or parked, possibly after the next
        // poll (sink.write.pipelining); the container commits what was acknowledged.
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        // An idle consumer settles its last in-flight batch (SinkListener.settleIdle).
        factory.getContainerProperties().setIdleEventInterval(IDLE_EVENT_INTERVAL.toMillis());
        // Each commit carries its partition's write clock, so that a replay writes at the same times.
        writeClocks.ifAvailable(factory.getContainerProperties()::setOffsetAndMetadataProvider);
        // A route with the error policy 'fail' stops the container, leaving the failed record uncommitted; any other
        // failure is read again after a back-off.
        CommonDelegatingErrorHandler errorHandler = new CommonDelegatingErrorHandler(sinkErrorHandler);
        errorHandler.setCauseChainTraversing(true);
        errorHandler.addDelegate(RouteFailedException.class, new CommonContainerStoppingErrorHandler());
        factory.setCommonErrorHandler(errorHandler);
        // Keeps the partitions of paused routes paused when they are assigned again, and settles the listener's
        // in-flight batch before its partitions are revoked.
        factory.getContainerProperties().setConsumerRebalanceListener(new RebalanceListeners(rebalanceListeners));
        return factory;
    }
}
