package io.kcsink.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The settings of the Kafka clients this service builds for itself (the listener's consumer, the dead-letter producer
 * and the admin client behind health and lag), copied from the clients Spring Boot auto-configures. Boot applies SSL
 * bundles and the security protocol from its {@code KafkaConnectionDetails} only inside its own factories, so a client
 * built from {@code KafkaProperties.build*Properties()} alone silently loses {@code spring.kafka.ssl.bundle}; taking
 * Boot's finished configuration keeps every connection setting (bundles, {@code spring.kafka.security.*},
 * {@code spring.kafka.jaas.*}, {@code spring.kafka.properties.*}, per-client overrides, a service connection) exactly
 * as Boot gives it to its own clients.
 */
public final class KafkaClientSettings {

    /** Park records as large as the dead-letter topic takes; larger ones are parked without their value. */
    private static final int DEAD_LETTER_MAX_REQUEST_SIZE = 16 * 1024 * 1024;

    private final Map<String, Object> consumer;
    private final Map<String, Object> producer;
    private final Map<String, Object> admin;

    KafkaClientSettings(
            ConsumerFactory<?, ?> bootConsumers, ProducerFactory<?, ?> bootProducers, KafkaAdmin bootAdmin) {
        this.consumer = new HashMap<>(bootConsumers.getConfigurationProperties());
        // Offsets are committed by the container, after the batch is in Cassandra or in a dead-letter topic.
        this.consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.producer = new HashMap<>(bootProducers.getConfigurationProperties());
        this.producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEAD_LETTER_MAX_REQUEST_SIZE);
        this.admin = new HashMap<>(bootAdmin.getConfigurationProperties());
    }

    /** The listener's consumers: raw bytes, decoded per route by the listener. */
    DefaultKafkaConsumerFactory<byte[], byte[]> consumerFactory(
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
        DefaultKafkaConsumerFactory<byte[], byte[]> factory =
                new DefaultKafkaConsumerFactory<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // Boot's customizers add its Micrometer consumer metrics to this factory of our own.
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** The dead-letter producers: the failed record's key and value as they came. */
    DefaultKafkaProducerFactory<byte[], byte[]> producerFactory(
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        DefaultKafkaProducerFactory<byte[], byte[]> factory =
                new DefaultKafkaProducerFactory<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
        // Boot's customizers add its Micrometer producer metrics to this factory of our own.
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /**
     * A new consumer of raw bytes for a re-drive, in the given group, which it uses only to commit the offsets of the
     * partitions it assigns itself: no static membership, whose instance id belongs to a listener's consumer.
     */
    Consumer<byte[], byte[]> redriveConsumer(String group) {
        Map<String, Object> settings = new HashMap<>(consumer);
        settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.merge(ConsumerConfig.CLIENT_ID_CONFIG, "-redrive", (id, suffix) -> id + suffix.toString());
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The group id of the listener's consumers ({@code spring.kafka.consumer.group-id}). */
    String groupId() {
        Object group = consumer.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (group == null) {
            throw new IllegalStateException(
                    "spring.kafka.consumer.group-id is not set: the sink needs a consumer group");
        }
        return group.toString();
    }

    /** A new admin client; the caller closes it. */
    Admin createAdmin() {
        return Admin.create(admin);
    }

    /** The most records a poll of the listener's consumers returns ({@code max.poll.records}, 500 by default). */
    int maxPollRecords() {
        Object value = consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        return value == null
                ? ConsumerConfig.DEFAULT_MAX_POLL_RECORDS
                : Integer.parseInt(value.toString().trim());
    }

    /** The admin client's configuration, for tests and diagnostics. */
    Map<String, Object> adminProperties() {
        return Map.copyOf(admin);
    }
}
