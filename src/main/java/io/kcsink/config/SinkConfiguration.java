package io.kcsink.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RouteFailedException;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkListener;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.write.RowWriter;
import io.kcsink.write.TableSchemaReader;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.cassandra.SessionFactory;
import org.springframework.data.cassandra.core.CassandraTemplate;
import org.springframework.data.cassandra.core.cql.AsyncCqlTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the pipeline: routes, decoders, the row writer, the dead-letter publisher, the error handler, the listener. */
@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

    @Bean
    RecordDecoders recordDecoders() {
        return new RecordDecoders();
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
            RecordDecoders decoders) {
        return RoutesFactory.create(properties, cassandra.getKeyspaceName(), schemas, decoders);
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
    KafkaTemplate<byte[], byte[]> deadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> producer = kafka.buildProducerProperties();
        return new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(producer, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<byte[], byte[]> deadLetterTemplate, Routes routes) {
        return new DeadLetterPublisher(
                deadLetterTemplate,
                record -> {
                    for (SinkRoute route : routes.forTopic(record.topic())) {
                        return route.deadLetterTopicFor(record.topic());
                    }
                    return record.topic() + ".DLT";
                },
                Duration.ofSeconds(30));
    }

    @Bean
    DefaultErrorHandler sinkErrorHandler(SinkProperties properties, DeadLetterPublisher deadLetters) {
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
                    deadLetters.awaitPublished();
                },
                backOff);
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> sinkListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            KafkaProperties kafka,
            DefaultErrorHandler sinkErrorHandler) {
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        // Offsets are committed by the container, after the batch is in Cassandra or in a dead-letter topic.
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> consumerFactory = (ConsumerFactory)
                new DefaultKafkaConsumerFactory<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
        return factory;
    }

    @Bean
    SinkListener sinkListener(
            Routes routes, RowWriter writer, DeadLetterPublisher deadLetters, ObjectProvider<SinkEvents> events) {
        return new SinkListener(routes, writer, deadLetters, events.getIfAvailable(() -> SinkEvents.NONE));
    }
}
