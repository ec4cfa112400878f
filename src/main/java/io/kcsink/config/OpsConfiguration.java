package io.kcsink.config;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.RouteGroup;
import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.Routes;
import io.kcsink.ops.AccessFailures;
import io.kcsink.ops.ConsumerLag;
import io.kcsink.ops.KafkaHealthIndicator;
import io.kcsink.ops.OpsProperties;
import io.kcsink.ops.OpsSchedule;
import io.kcsink.ops.ProgressLog;
import io.kcsink.ops.RouteControl;
import io.kcsink.ops.SchemaRegistryHealthIndicator;
import io.kcsink.ops.SinkEndpoint;
import io.kcsink.ops.SinkLagHealthIndicator;
import io.kcsink.ops.SinkListenerHealthIndicator;
import io.kcsink.ops.SinkMetrics;
import io.kcsink.redrive.Redrive;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerRetryAuthSuccessfulEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Wires operations: metrics (the {@link SinkMetrics} bean is the listener's events and the error handler's retry
 * listener), consumer lag, route control, health indicators, the {@code sink} endpoint and the progress log.
 */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    @Bean
    SinkMetrics sinkMetrics(
            MeterRegistry registry,
            Routes routes,
            RowWriter writer,
            RouteControl control,
            AccessFailures sinkAccessHealthIndicator) {
        SinkMetrics metrics = new SinkMetrics(registry, routes, writer);
        metrics.reportFailuresTo(control);
        metrics.reportAccessTo(sinkAccessHealthIndicator);
        return metrics;
    }

    /** Health {@code sinkAccess}: DOWN while a server refuses a client's credentials or permissions. */
    @Bean
    AccessFailures sinkAccessHealthIndicator(MeterRegistry registry) {
        return new AccessFailures(registry, Clock.systemUTC());
    }

    /**
     * The listener's consumer reports refused credentials or ACLs through spring-kafka's events: the container retries
     * them every {@code spring.kafka.listener.auth-exception-retry-interval} instead of stopping.
     */
    @Bean
    ApplicationListener<KafkaEvent> sinkConsumerAccess(
            AccessFailures sinkAccessHealthIndicator, KafkaProperties kafka) {
        return event -> {
            if (event instanceof ConsumerRetryAuthEvent denied) {
                sinkAccessHealthIndicator.denied(
                        AccessFailures.Client.CONSUMER,
                        denied.getReason() == ConsumerRetryAuthEvent.Reason.AUTHORIZATION
                                ? "AUTHORIZATION: the broker refused the consumer of group '"
                                        + kafka.getConsumer().getGroupId()
                                        + "' access to its topics or group; grant the principal READ on them"
                                : "AUTHENTICATION: the broker refused the consumer's credentials or certificate; the"
                                        + " Kafka client log names the SSL or SASL cause");
            } else if (event instanceof ConsumerRetryAuthSuccessfulEvent) {
                sinkAccessHealthIndicator.succeeded(AccessFailures.Client.CONSUMER);
            }
        };
    }

    @Bean
    RouteControl sinkRouteControl(RouteGroups groups, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new RouteControl(groups, listenerId -> container(registry, listenerId));
    }

    @Bean
    ConsumerLag sinkConsumerLag(
            Admin sinkOpsAdmin,
            RouteGroups groups,
            KafkaProperties kafka,
            MeterRegistry meters,
            OpsProperties ops,
            ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        List<ConsumerLag.Source> sources = new ArrayList<>();
        for (RouteGroup routeGroup : groups.all()) {
            String listenerId = routeGroup.listenerId();
            String groupId = routeGroup.groupId() != null
                    ? routeGroup.groupId()
                    : String.valueOf(kafka.getConsumer().getGroupId());
            sources.add(new ConsumerLag.Source(
                    routeGroup.routes(),
                    () -> {
                        MessageListenerContainer container = container(registry, listenerId);
                        String group = container == null ? null : container.getGroupId();
                        return group != null ? group : groupId;
                    },
                    () -> {
                        MessageListenerContainer container = container(registry, listenerId);
                        Collection<TopicPartition> assigned =
                                container == null ? null : container.getAssignedPartitions();
                        return assigned != null ? assigned : List.of();
                    }));
        }
        return new ConsumerLag(sinkOpsAdmin, sources, meters, ops.adminTimeout());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin sinkOpsAdmin, OpsProperties ops) {
        return new KafkaHealthIndicator(sinkOpsAdmin, ops.adminTimeout());
    }

    @Bean
    SinkListenerHealthIndicator sinkListenerHealthIndicator(Routes routes, RouteControl control) {
        return new SinkListenerHealthIndicator(routes, control);
    }

    @Bean
    SinkLagHealthIndicator sinkLagHealthIndicator(Routes routes, ConsumerLag lag, OpsProperties ops) {
        return new SinkLagHealthIndicator(routes, lag, ops.readinessMaxLag());
    }

    @Bean
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(RecordDecoders decoders) {
        return new SchemaRegistryHealthIndicator(decoders);
    }

    @Bean
    SinkEndpoint sinkEndpoint(
            Routes routes, RouteControl control, SinkMetrics metrics, ConsumerLag lag, Redrive redrive) {
        return new SinkEndpoint(routes, control, metrics, lag, redrive);
    }

    @Bean
    OpsSchedule sinkOpsSchedule(ConsumerLag lag, SinkMetrics metrics, OpsProperties ops) {
        return new OpsSchedule(lag, ops.lagInterval(), new ProgressLog(metrics, lag), ops.progressInterval());
    }

    /** The Cassandra driver's metrics go to the application's meter registry. */
    @Bean
    CqlSessionBuilderCustomizer cassandraDriverMetrics(MeterRegistry registry) {
        return builder -> builder.withMetricRegistry(registry);
    }

    /**
     * Turns on the driver's Micrometer metrics, named {@code cassandra.session.*} and {@code cassandra.nodes.*} with the
     * session and node as tags, not in the name.
     */
    @Bean
    DriverConfigLoaderBuilderCustomizer cassandraDriverMetricsConfig() {
        return config -> config.withString(DefaultDriverOption.METRICS_FACTORY_CLASS, "MicrometerMetricsFactory")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS, "TaggingMetricIdGenerator")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, "cassandra")
                .withStringList(
                        DefaultDriverOption.METRICS_SESSION_ENABLED,
                        List.of("connected-nodes", "cql-requests", "cql-client-timeouts", "throttling.errors"))
                .withStringList(
                        DefaultDriverOption.METRICS_NODE_ENABLED,
                        List.of(
                                "pool.open-connections",
                                "pool.in-flight",
                                "errors.connection.init",
                                "errors.request.unavailables",
                                "errors.request.write-timeouts",
                                "errors.request.others",
                                "retries.total"));
    }

    private static @Nullable MessageListenerContainer container(
            ObjectProvider<KafkaListenerEndpointRegistry> registry, String listenerId) {
        KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
        return endpoints == null ? null : endpoints.getListenerContainer(listenerId);
    }
}
