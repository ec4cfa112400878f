package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.local.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Kafka clients the service builds itself get the connection and security settings Boot gives its own: Boot's
 * {@code KafkaConnectionDetails}, the SSL bundle, the security protocol, SASL properties and per-client overrides reach
 * the listener's consumer (as its container factory builds it), the dead-letter producer and the admin client.
 */
class KafkaClientsConfigurationTest {

    @TempDir
    static Path certificates;

    private static TestPki.Issued client;
    private static TestPki pki;

    @BeforeAll
    static void issueCertificates() {
        pki = TestPki.create(certificates, "unit");
        client = pki.issue("sink");
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withUserConfiguration(
                    KafkaClientsConfiguration.class, ListenerCollaborators.class, ListenerContainerConfiguration.class);

    @Test
    void sslBundleReachesConsumerDeadLetterProducerAndAdmin() {
        context.withPropertyValues(
                        "spring.ssl.bundle.pem.kafka.keystore.certificate="
                                + client.certificate().toUri(),
                        "spring.ssl.bundle.pem.kafka.keystore.private-key="
                                + client.privateKey().toUri(),
                        "spring.ssl.bundle.pem.kafka.truststore.certificate="
                                + pki.caCertificate().toUri(),
                        "spring.kafka.ssl.bundle=kafka",
                        "spring.kafka.security.protocol=SSL")
                .run(context -> {
                    SslBundle bundle = context.getBean(SslBundles.class).getBundle("kafka");
                    for (Map<String, Object> client : clients(context)) {
                        assertThat(client)
                                .containsEntry(SslBundle.class.getName(), bundle)
                                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
                                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
                    }
                });
    }

    @Test
    void saslSettingsAndPerClientOverridesReachEachClient() {
        context.withPropertyValues(
                        "spring.kafka.bootstrap-servers=localhost:9096",
                        "spring.kafka.security.protocol=SASL_SSL",
                        "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                        "spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram."
                                + "ScramLoginModule required username=\"sink\" password=\"secret\";",
                        "spring.kafka.consumer.properties.client.rack=rack-a",
                        "spring.kafka.producer.properties.client.rack=rack-b",
                        "spring.kafka.admin.properties.client.rack=rack-c")
                .run(context -> {
                    var all = clients(context);
                    for (Map<String, Object> client : all) {
                        assertThat(client)
                                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                                .containsKey(SaslConfigs.SASL_JAAS_CONFIG);
                        assertThat(String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)))
                                .contains("localhost:9096");
                    }
                    assertThat(all.get(0)).containsEntry("client.rack", "rack-a");
                    assertThat(all.get(1)).containsEntry("client.rack", "rack-b");
                    assertThat(all.get(2)).containsEntry("client.rack", "rack-c");
                });
    }

    @Test
    void bootsConnectionDetailsReachEachClient() {
        KafkaConnectionDetails details = () -> List.of("127.0.0.1:19093");
        context.withBean(KafkaConnectionDetails.class, () -> details)
                .withPropertyValues("spring.kafka.bootstrap-servers=localhost:9092")
                .run(context -> {
                    for (Map<String, Object> client : clients(context)) {
                        assertThat(client)
                                .containsEntry(
                                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, List.of("127.0.0.1:19093"));
                    }
                });
    }

    @Test
    void deadLetterProducerWaitsForAllInSyncReplicasAndIsIdempotentByDefault() {
        context.withInitializer(new ConfigDataApplicationContextInitializer()).run(context -> {
            Map<String, Object> producer = clients(context).get(1);
            assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all");
            // What the producer will do, defaults applied as kafka-clients applies them when it is created.
            ProducerConfig effective = new ProducerConfig(producer);
            assertThat(effective.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
            assertThat(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))
                    .isTrue();
        });
    }

    @Test
    void listenerConsumerNeverAutoCommits() {
        context.withPropertyValues("spring.kafka.consumer.enable-auto-commit=true")
                .run(context -> assertThat(clients(context).get(0)).containsEntry("enable.auto.commit", false));
    }

    /** The configuration of the listener's consumer, the dead-letter producer and the admin client, in that order. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> clients(ApplicationContext context) {
        KafkaClientSettings settings = context.getBean(KafkaClientSettings.class);
        ConcurrentKafkaListenerContainerFactory<?, ?> listener =
                context.getBean("sinkListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);
        KafkaTemplate<byte[], byte[]> deadLetters = context.getBean("deadLetterTemplate", KafkaTemplate.class);
        return List.of(
                listener.getConsumerFactory().getConfigurationProperties(),
                deadLetters.getProducerFactory().getConfigurationProperties(),
                settings.adminProperties());
    }
}
