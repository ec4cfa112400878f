package io.kcsink.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkListener;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.write.RowWriter;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.cassandra.SessionFactory;
import org.springframework.data.cassandra.core.CassandraTemplate;
import org.springframework.data.cassandra.core.cql.AsyncCqlTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the pipeline: routes, decoders, the row writer, the dead-letter publisher, the error handler, the listener. */
@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

    @Bean
    RecordDecoders recordDecoders(SinkProperties properties, ObjectProvider<SslBundles> sslBundles) {
        return new RecordDecoders(
                properties.schemaRegistry().settings(sslBundles.getIfAvailable()),
                properties.limits().decodeLimits());
    }

    @Bean
    TableSchemaReader tableSchemaReader(CqlSession session) {
        return new TableSchemaReader(session);
    }

    @Bean
    Routes sinkRoutes(
            SinkProperties properties,
            CassandraProperties cassandra,
            TableSchemaReader schemas,
            CassandraTemplate cassandraTemplate,
            RecordDecoders decoders) {
        return RoutesFactory.create(
                properties,
                cassandra.getKeyspaceName(),
                schemas,
                new SchemaChanges(cassandraTemplate.getCqlOperations()),
                decoders);
    }

    @Bean
    RowWriter rowWriter(
            SessionFactory sessionFactory,
            CassandraTemplate cassandraTemplate,
            SinkProperties properties,
            Routes routes) {
        RowWriter writer = new RowWriter(
                new AsyncCqlTemplate(sessionFactory),
                cassandraTemplate.getCqlOperations(),
                properties.write().maxInFlight());
        for (SinkRoute route : routes.all()) {
            writer.prepare(route.plan());
        }
        return writer;
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(
            KafkaTemplate<byte[], byte[]> deadLetterTemplate, Routes routes, SinkProperties properties) {
        return new DeadLetterPublisher(
                deadLetterTemplate,
                (record, failure) -> {
                    // Routes of one topic may have different dead-letter topics: use the one of the failed route.
                    String failedRoute = failedRoute(failure);
                    for (SinkRoute route : routes.forTopic(record.topic())) {
                        if (failedRoute == null || route.name().equals(failedRoute)) {
                            return route.deadLetterTopicFor(record.topic());
                        }
                    }
                    return record.topic() + ".DLT";
                },
                properties.deadLetter().sendTimeout(),
                properties.deadLetter().stackTrace());
    }

    private static @Nullable String failedRoute(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordFailureException recordFailure) {
                return recordFailure.route();
            }
        }
        return null;
    }

    @Bean
    DefaultErrorHandler sinkErrorHandler(
            SinkProperties properties, DeadLetterPublisher deadLetters, ObjectProvider<RetryListener> retryListeners) {
        SinkProperties.Retry retry = properties.retry();
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setJitter(retry.jitter().toMillis());
        if (retry.maxAttempts() >= 0) {
            backOff.setMaxAttempts(retry.maxAttempts());
        }
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, ex) -> {
                    deadLetters.accept(record, null, ex);
                    if (!deadLetters.awaitPublished().isEmpty()) {
                        throw new RetriableBatchException("dead-letter publication failed", ex);
                    }
                },
                backOff);
        handler.setRetryListeners(retryListeners.orderedStream().toArray(RetryListener[]::new));
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> sinkListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            KafkaClientSettings clients,
            DefaultErrorHandler sinkErrorHandler,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> consumerCustomizers,
            ObjectProvider<ConsumerAwareRebalanceListener> rebalanceListener) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> consumerFactory =
                (ConsumerFactory) clients.consumerFactory(consumerCustomizers);
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        // A route with the error policy 'fail' stops the container, leaving the failed record uncommitted.
        CommonDelegatingErrorHandler errorHandler = new CommonDelegatingErrorHandler(sinkErrorHandler) {
            // spring-kafka 4.0.6 does not forward this (spring-kafka#4545): a rebalance during a batch's retry back-off
            // left the newly assigned partitions unpaused, and the retry loop's polls fetched and discarded their
            // records.
            @Override
            public void onPartitionsAssigned(
                    Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Runnable publishPause) {
                sinkErrorHandler.onPartitionsAssigned(consumer, partitions, publishPause);
            }
        };
        errorHandler.setCauseChainTraversing(true);
        errorHandler.addDelegate(RouteFailedException.class, new CommonContainerStoppingErrorHandler());
        factory.setCommonErrorHandler(errorHandler);
        // Keeps the partitions of paused routes paused when they are assigned again.
        rebalanceListener.ifAvailable(factory.getContainerProperties()::setConsumerRebalanceListener);
        return factory;
    }

    @Bean
    SinkListener sinkListener(
            Routes routes, RowWriter writer, DeadLetterPublisher deadLetters, ObjectProvider<SinkEvents> events) {
        return new SinkListener(routes, writer, deadLetters, events.getIfAvailable(() -> SinkEvents.NONE));
    }
}
