package io.kcsink.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.Redelivery;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkListener;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.ingest.WriteClocks;
import io.kcsink.mapping.RowCustomizer;
import io.kcsink.mapping.WriteOptions;
import io.kcsink.write.RowWriter;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.cassandra.core.CassandraTemplate;
import org.springframework.data.cassandra.core.cql.AsyncCqlTemplate;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ListenerContainerIdleEvent;

/**
 * Wires the pipeline: routes, decoders, the row writer, the dead-letter publisher and the listener. How the listener's
 * container consumes, commits and handles failures is {@link ListenerContainerConfiguration}.
 */
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
            RecordDecoders decoders,
            Environment environment,
            ListableBeanFactory beans) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < properties.routes().size(); i++) {
            names.add(RouteSpecs.name(properties.routes().get(i), i));
        }
        return RoutesFactory.create(
                properties,
                RouteOptionBinding.check(ConfigurationPropertySources.get(environment), names),
                cassandra.getKeyspaceName(),
                schemas,
                new SchemaChanges(cassandraTemplate.getCqlOperations()),
                decoders,
                beans.getBeansOfType(RowCustomizer.class));
    }

    /**
     * The writer's {@link AsyncCqlTemplate} runs on the {@link CqlSession} itself: Spring Boot's {@code SessionFactory}
     * holds a lazy-resolution proxy of it, which would cost a reflective call on every write.
     */
    @Bean
    RowWriter rowWriter(
            CqlSession session, CassandraTemplate cassandraTemplate, SinkProperties properties, Routes routes) {
        SinkProperties.Write write = properties.write();
        RowWriter writer = new RowWriter(
                new AsyncCqlTemplate(session),
                cassandraTemplate.getCqlOperations(),
                write.limit(),
                write.rate(),
                write.grouping(),
                write.batchBounds());
        for (SinkRoute route : routes.all()) {
            writer.prepare(route.plan());
        }
        return writer;
    }

    /**
     * The driver's execution profile of batches grouped by replica set ({@link RowWriter#REPLICA_SET_BATCH_PROFILE}):
     * such a batch spans many partitions by design, and Cassandra answers each with a warning that the driver would log.
     */
    @Bean
    DriverConfigLoaderBuilderCustomizer replicaSetBatchProfile() {
        return config -> config.startProfile(RowWriter.REPLICA_SET_BATCH_PROFILE)
                .withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false)
                .endProfile();
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
    WriteClocks writeClocks(Routes routes) {
        return new WriteClocks(routes.all().stream()
                .anyMatch(route -> route.plan().options().writeTime() == WriteOptions.WriteTime.RECORD_TIMESTAMP));
    }

    /** The threads that write a consumer's batch while the consumer polls and maps the next. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService sinkWriteThreads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sink-write-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The routes by consumer group: those without a {@code group-id} on the default container of {@link SinkListener},
     * each named group on its own ({@link GroupListeners}).
     */
    @Bean
    RouteGroups sinkRouteGroups(Routes routes, SinkProperties properties, KafkaProperties kafka) {
        return RouteGroups.of(
                routes, properties.listenerId(), kafka.getConsumer().getGroupId());
    }

    @Bean
    ApplicationListener<ListenerContainerIdleEvent> sinkIdleSettler(
            SinkListener sinkListener, GroupListeners sinkGroupListeners) {
        // Published on the consumer thread whose in-flight batch is to be settled.
        return event -> {
            sinkListener.settleIdle(event.getConsumer());
            sinkGroupListeners.settleIdle(event.getConsumer());
        };
    }

    /** Makes the listener of a set of routes: the default container's and every named consumer group's alike. */
    @FunctionalInterface
    interface SinkListeners {
        SinkListener of(Routes routes);
    }

    @Bean
    SinkListeners sinkListeners(
            RowWriter writer,
            DeadLetterPublisher deadLetters,
            ObjectProvider<SinkEvents> events,
            WriteClocks writeClocks,
            Redelivery redelivery,
            ExecutorService sinkWriteThreads,
            KafkaClientSettings clients,
            SinkProperties properties) {
        boolean pipelining = properties.write().pipelining();
        return routes -> new SinkListener(
                routes,
                writer,
                deadLetters,
                events.getIfAvailable(() -> SinkEvents.NONE),
                writeClocks,
                redelivery,
                pipelining ? sinkWriteThreads : null,
                pipelining ? clients.maxPollRecords() : Integer.MAX_VALUE,
                properties.failureLog().perMinute());
    }

    @Bean
    SinkListener sinkListener(RouteGroups groups, SinkListeners listeners) {
        return listeners.of(groups.defaultGroup().routes());
    }

    @Bean
    GroupListeners sinkGroupListeners(RouteGroups groups, SinkListeners listeners, BeanFactory beans) {
        return new GroupListeners(
                groups,
                group -> listeners.of(group.routes()),
                () -> beans.getBean("sinkListenerContainerFactory", KafkaListenerContainerFactory.class),
                beans);
    }
}
