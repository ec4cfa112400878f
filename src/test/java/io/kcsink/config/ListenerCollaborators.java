package io.kcsink.config;

import static org.mockito.Mockito.mock;

import io.kcsink.errors.DeadLetterPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@link ListenerContainerConfiguration} needs from the rest of the service, without Cassandra: the sink's
 * properties and a dead-letter publisher, a mock that reports every dead letter acknowledged unless a test says
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SinkProperties.class)
class ListenerCollaborators {

    @Bean
    DeadLetterPublisher deadLetterPublisher() {
        return mock(DeadLetterPublisher.class);
    }
}
