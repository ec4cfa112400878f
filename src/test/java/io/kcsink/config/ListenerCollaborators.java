package io.kcsink.config;

import static org.mockito.Mockito.mock;

import io.kcsink.errors.DeadLetterPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * What {@link ListenerContainerConfiguration} needs from the rest of the service, without Cassandra: the sink's
 * properties and a dead-letter publisher, a mock that reports every dead letter acknowledged unless a test says
 * otherwise.
 */
// Not a @Configuration: component scanning of the sink, which integration tests start with the test classes on the
// classpath, would pick it up.
@EnableConfigurationProperties(SinkProperties.class)
class ListenerCollaborators {

    @Bean
    DeadLetterPublisher deadLetterPublisher() {
        return mock(DeadLetterPublisher.class);
    }
}
