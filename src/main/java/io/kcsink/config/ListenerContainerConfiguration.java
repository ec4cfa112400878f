package io.kcsink.config;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.ingest.WriteClocks;
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
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;

/**
 * How the listener's container consumes, commits and handles failures: one batch listener whose offsets are committed
 * by the container after each batch ({@code AckMode.BATCH}, never auto-commit), retriable failures retried with the
 * back-off of {@code sink.retry.*}, and a route with the error policy {@code fail} stopping the container.
 */
@Configuration(proxyBeanMethods = false)
class ListenerContainerConfiguration {

    @Bean
    DefaultErrorHandler sinkErrorHandler(
            SinkProperties properties, DeadLetterPublisher deadLetters, ObjectProvider<RetryListener> retryListeners) {
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, ex) -> {
                    deadLetters.accept(record, null, ex);
                    if (!deadLetters.awaitPublished().isEmpty()) {
                        throw new RetriableBatchException("dead-letter publication failed", ex);
                    }
                },
                properties.retry().createBackOff());
        handler.setRetryListeners(retryListeners.orderedStream().toArray(RetryListener[]::new));
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> sinkListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            KafkaClientSettings clients,
            DefaultErrorHandler sinkErrorHandler,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> consumerCustomizers,
            ObjectProvider<ConsumerAwareRebalanceListener> rebalanceListener,
            ObjectProvider<WriteClocks> writeClocks) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> consumerFactory =
                (ConsumerFactory) clients.consumerFactory(consumerCustomizers);
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        // Each commit carries its partition's write clock, so that a replay writes at the same times.
        writeClocks.ifAvailable(factory.getContainerProperties()::setOffsetAndMetadataProvider);
        // A route with the error policy 'fail' stops the container, leaving the failed record uncommitted. The
        // delegating handler of spring-kafka 4.0.8 forwards onPartitionsAssigned to the DefaultErrorHandler, which
        // pauses partitions assigned during a retry back-off (4.0.6 did not: spring-kafka#4545); a test guards it.
        CommonDelegatingErrorHandler errorHandler = new CommonDelegatingErrorHandler(sinkErrorHandler);
        errorHandler.setCauseChainTraversing(true);
        errorHandler.addDelegate(RouteFailedException.class, new CommonContainerStoppingErrorHandler());
        factory.setCommonErrorHandler(errorHandler);
        // Keeps the partitions of paused routes paused when they are assigned again.
        rebalanceListener.ifAvailable(factory.getContainerProperties()::setConsumerRebalanceListener);
        return factory;
    }
}
