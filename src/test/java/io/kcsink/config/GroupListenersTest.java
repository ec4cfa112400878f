package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.format.JsonDecoder;
import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkEvents;
import io.kcsink.ingest.SinkListener;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.BatchWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * A route group's listener container is registered in the {@code KafkaListenerEndpointRegistry} under its listener id,
 * in its own consumer group with its concurrency, created by the same factory as the default listener's: the same
 * acknowledgement, error handling and rebalance listener. No broker: the containers are not started.
 */
class GroupListenersTest {

    private static final TableSchema EVENTS = new TableSchema(
            "demo",
            "events",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("name", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withPropertyValues("spring.kafka.listener.auto-startup=false")
            .withUserConfiguration(
                    ListenerCollaborators.class,
                    KafkaClientsConfiguration.class,
                    ListenerContainerConfiguration.class,
                    TwoGroups.class);

    @Test
    void eachNamedGroupGetsAContainerOfTheSinksFactoryInTheRegistry() {
        context.run(context -> {
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            ConcurrentKafkaListenerContainerFactory<?, ?> factory =
                    context.getBean("sinkListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);

            assertThat(registry.getListenerContainerIds()).containsExactlyInAnyOrder("sink-audit", "sink-backfill");
            ConcurrentMessageListenerContainer<?, ?> audit =
                    (ConcurrentMessageListenerContainer<?, ?>) registry.getListenerContainer("sink-audit");
            assertThat(audit).isNotNull();
            assertThat(audit.getGroupId()).isEqualTo("audit");
            assertThat(audit.getConcurrency()).isEqualTo(2);
            Pattern topics = audit.getContainerProperties().getTopicPattern();
            assertThat(topics).isNotNull();
            assertThat(topics.matcher("audit-topic").matches()).isTrue();
            assertThat(topics.matcher("orders").matches()).isFalse();
            assertThat(audit.getContainerProperties().getAckMode()).isEqualTo(AckMode.MANUAL);
            assertThat(audit.getCommonErrorHandler())
                    .isNotNull()
                    .isSameAs(factory.createContainer("orders").getCommonErrorHandler());
            assertThat(audit.getContainerProperties().getConsumerRebalanceListener())
                    .isSameAs(factory.getContainerProperties().getConsumerRebalanceListener());

            ConcurrentMessageListenerContainer<?, ?> backfill =
                    (ConcurrentMessageListenerContainer<?, ?>) registry.getListenerContainer("sink-backfill");
            assertThat(backfill).isNotNull();
            assertThat(backfill.getGroupId()).isEqualTo("backfill");
            // Without a concurrency of its own, spring.kafka.listener.concurrency (1 by default).
            assertThat(backfill.getConcurrency()).isEqualTo(1);
        });
    }

    /** Routes in the default group and in two groups of their own, and their listeners over a mock writer. */
    // Not a @Configuration: component scanning of integration tests would pick it up.
    static class TwoGroups {

        @Bean
        GroupListeners sinkGroupListeners(DeadLetterPublisher deadLetters, BeanFactory beans) {
            Routes routes = new Routes(List.of(
                    route("orders", "orders", Map.of()),
                    route("audit", "audit-topic", Map.of("group-id", "audit", "concurrency", "2")),
                    route("backfill", "orders", Map.of("group-id", "backfill"))));
            return new GroupListeners(
                    RouteGroups.of(routes, "sink", null),
                    group -> new SinkListener(group.routes(), mock(BatchWriter.class), deadLetters, SinkEvents.NONE),
                    () -> beans.getBean("sinkListenerContainerFactory", KafkaListenerContainerFactory.class),
                    beans);
        }
    }

    private static SinkRoute route(String name, String topic, Map<String, String> properties) {
        RouteSpec spec =
                new RouteSpec(name, List.of(topic), null, "demo", "events", List.of(), true, Set.of(), properties);
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(RoutePlanCompiler.compile(spec, EVENTS), json, json);
    }
}
