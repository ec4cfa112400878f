package io.kcsink.config;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The Kafka clients of our own (the dead-letter producer, the admin client behind health and lag, and the settings of
 * the listener's consumers), derived from the factories Spring Boot auto-configures so that they connect and
 * authenticate exactly as Boot's own clients do.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClientsConfiguration {

    @Bean
    KafkaClientSettings sinkKafkaClientSettings(
            ConsumerFactory<?, ?> kafkaConsumerFactory,
            ProducerFactory<?, ?> kafkaProducerFactory,
            KafkaAdmin kafkaAdmin) {
        return new KafkaClientSettings(kafkaConsumerFactory, kafkaProducerFactory, kafkaAdmin);
    }

    @Bean
    KafkaTemplate<byte[], byte[]> deadLetterTemplate(
            KafkaClientSettings clients, ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        return new KafkaTemplate<>(clients.producerFactory(customizers));
    }

    /** One admin client for the Kafka health and the lag. */
    @Bean(destroyMethod = "close")
    Admin sinkOpsAdmin(KafkaClientSettings clients) {
        return clients.createAdmin();
    }
}
