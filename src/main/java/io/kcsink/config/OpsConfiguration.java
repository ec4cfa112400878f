package io.kcsink.config;

import io.kcsink.ingest.Routes;
import io.kcsink.ops.ConsumerLag;
import io.kcsink.ops.KafkaHealthIndicator;
import io.kcsink.ops.OpsProperties;
import io.kcsink.ops.OpsSchedule;
import io.kcsink.ops.ProgressLog;
import io.kcsink.ops.RouteControl;
import io.kcsink.ops.SinkEndpoint;
import io.kcsink.ops.SinkLagHealthIndicator;
import io.kcsink.ops.SinkListenerHealthIndicator;
import io.kcsink.ops.SinkMetrics;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Wires operations: metrics (the {@link SinkMetrics} bean is the listener's events and the error handler's retry
 * listener), consumer lag, route control, health indicators, the {@code sink} endpoint and the progress log.
 */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    /** One admin client for the Kafka health and the lag, from Boot's own {@code spring.kafka.*}. */
    @Bean(destroyMethod = "close")
    Admin sinkOpsAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    SinkMetrics sinkMetrics(MeterRegistry registry, Routes routes, RowWriter writer) {
        return new SinkMetrics(registry, routes, writer);
    }

    @Bean
    RouteControl sinkRouteControl(
            Routes routes,
            @Value("${sink.listener-id:sink}") String listenerId,
            ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new RouteControl(routes, listenerId, () -> container(registry, listenerId));
    }

    @Bean
    ConsumerLag sinkConsumerLag(
            Admin sinkOpsAdmin,
            Routes routes,
            KafkaProperties kafka,
            MeterRegistry meters,
            OpsProperties ops,
            @Value("${sink.listener-id:sink}") String listenerId,
            ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new ConsumerLag(
                sinkOpsAdmin,
                routes,
                () -> {
                    MessageListenerContainer container = container(registry, listenerId);
                    String group = container == null ? null : container.getGroupId();
                    return group != null
                            ? group
                            : String.valueOf(kafka.getConsumer().getGroupId());
                },
                meters,
                ops.adminTimeout());
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
    SinkEndpoint sinkEndpoint(Routes routes, RouteControl control, SinkMetrics metrics, ConsumerLag lag) {
        return new SinkEndpoint(routes, control, metrics, lag);
    }

    @Bean
    OpsSchedule sinkOpsSchedule(ConsumerLag lag, SinkMetrics metrics, OpsProperties ops) {
        return new OpsSchedule(lag, ops.lagInterval(), new ProgressLog(metrics, lag), ops.progressInterval());
    }

    private static MessageListenerContainer container(
            ObjectProvider<KafkaListenerEndpointRegistry> registry, String listenerId) {
        KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
        return endpoints == null ? null : endpoints.getListenerContainer(listenerId);
    }
}
