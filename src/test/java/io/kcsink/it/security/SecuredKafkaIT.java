package io.kcsink.it.security;

import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.security.SecuredCluster.access;
import static io.kcsink.it.security.SecuredCluster.health;
import static io.kcsink.it.security.SecuredCluster.lag;
import static io.kcsink.it.security.SecuredCluster.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.SecuredInfrastructure;
import io.kcsink.ops.AccessFailures.Client;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The sink against a secured broker: every Kafka client of the service (listener consumer, dead-letter producer, admin)
 * connects over mutual TLS with a PEM or a PKCS#12 bundle, or over SASL_SSL with SCRAM, and Cassandra over TLS with a
 * password. Each refused credential, certificate or permission is reported with the client and the cause, and loses
 * nothing: no offset is committed past a record that is neither in Cassandra nor in its dead-letter topic.
 */
@Testcontainers
class SecuredKafkaIT {

    @Container
    static final SecuredInfrastructure infrastructure = SecuredInfrastructure.instance();

    private static final Duration FLOW = Duration.ofSeconds(90);
    private static final int RECORDS = 20;

    @Test
    void streamsOverMutualTlsWithAPemBundle() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, true);
        SecuredInfrastructure infra = cluster.infra;
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.mutualTlsPem(infra.kafkaSsl(), infra.clientCertificate(), infra.pki()))) {
            assertFlowsEndToEnd(cluster, sink);
            assertThat(health(sink, "kafka").health().getDetails()).containsEntry("nodes", 1);
            await("lag of the secured topic computed over TLS").atMost(FLOW).until(() -> {
                var lag = lag(sink);
                return lag.error() == null
                        && Long.valueOf(0).equals(lag.partitions().get(new TopicPartition(cluster.topic, 0)));
            });
            assertThat(up(sink, "sinkAccess")).isTrue();
        }
    }

    @Test
    void streamsOverMutualTlsWithAKeystoreBundle() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, true);
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.mutualTlsKeystore(cluster.infra.clientCertificate()))) {
            assertFlowsEndToEnd(cluster, sink);
        }
    }

    @Test
    void streamsOverSaslSslWithScram() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, true);
        String user = SecuredInfrastructure.SCRAM_USER;
        try (ConfigurableApplicationContext sink = start(cluster, cluster.scram(user, cluster.infra.password(user)))) {
            assertFlowsEndToEnd(cluster, sink);
            assertThat(up(sink, "kafka")).isTrue();
        }
    }

    @Test
    void aWrongScramPasswordIsReportedForTheConsumerAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, true);
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.scram(SecuredInfrastructure.SCRAM_USER, "not-the-password"))) {
            awaitDenied(sink, Client.CONSUMER, "AUTHENTICATION");
            assertThat(health(sink, "kafka").health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health(sink, "kafka").health().getDetails()))
                    .contains("SaslAuthenticationException")
                    .doesNotContain("not-the-password");
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void anUntrustedServerCertificateIsReportedAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, false);
        SecuredInfrastructure infra = cluster.infra;
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.mutualTlsPem(infra.kafkaSsl(), infra.clientCertificate(), infra.roguePki()))) {
            awaitDenied(sink, Client.CONSUMER, "AUTHENTICATION");
            assertThat(String.valueOf(health(sink, "kafka").health().getDetails()))
                    .contains("SslAuthenticationException");
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void anExpiredClientCertificateIsReportedAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, false);
        SecuredInfrastructure infra = cluster.infra;
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.mutualTlsPem(infra.kafkaSsl(), infra.expiredClientCertificate(), infra.pki()))) {
            awaitDenied(sink, Client.CONSUMER, "AUTHENTICATION");
            assertThat(health(sink, "kafka").health().getStatus()).isEqualTo(Status.DOWN);
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsReportedAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, false);
        SecuredInfrastructure infra = cluster.infra;
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.mutualTlsPem(infra.kafkaWrongHost(), infra.clientCertificate(), infra.pki()))) {
            awaitDenied(sink, Client.CONSUMER, "AUTHENTICATION");
            assertThat(String.valueOf(health(sink, "kafka").health().getDetails()))
                    .contains("SslAuthenticationException")
                    .containsIgnoringCase("subject alternative name");
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void aPlaintextClientAgainstTheTlsListenerIsReportedAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, false);
        Map<String, String> plaintext = new HashMap<>(cluster.cassandra(cluster.infra.cassandraPassword()));
        plaintext.put("spring.kafka.bootstrap-servers", cluster.infra.kafkaSsl());
        plaintext.put("sink.ops.admin-timeout", "2s");
        try (ConfigurableApplicationContext sink = start(cluster, plaintext)) {
            await("Kafka health DOWN with the hint to check the security protocol")
                    .atMost(FLOW)
                    .untilAsserted(() -> {
                        var kafka = health(sink, "kafka").health();
                        assertThat(kafka.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(String.valueOf(kafka.getDetails())).contains("spring.kafka.security.protocol");
                    });
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void aPrincipalWithoutReadAclIsReportedAndCommitsNothing() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, false);
        String user = SecuredInfrastructure.UNAUTHORIZED_USER;
        try (ConfigurableApplicationContext sink = start(cluster, cluster.scram(user, cluster.infra.password(user)))) {
            awaitDenied(sink, Client.CONSUMER, "AUTHORIZATION");
            assertNothingCommitted(cluster);
        }
    }

    @Test
    void aPrincipalThatCannotWriteTheDeadLetterTopicRetriesUntilAnotherCan() {
        SecuredCluster cluster = new SecuredCluster();
        cluster.produce(1, RECORDS, true);
        String readOnly = SecuredInfrastructure.READ_ONLY_USER;
        try (ConfigurableApplicationContext sink =
                start(cluster, cluster.scram(readOnly, cluster.infra.password(readOnly)))) {
            awaitDenied(sink, Client.DEAD_LETTER_PRODUCER, "Authorization");
            // The good records of the batch may be written (again, idempotently); the poison one is not parked, so
            // the batch stays uncommitted and is retried.
            assertThat(cluster.deadLetters()).isEmpty();
            assertThat(cluster.committed()).isLessThanOrEqualTo(RECORDS);
        }
        String user = SecuredInfrastructure.SCRAM_USER;
        try (ConfigurableApplicationContext sink = start(cluster, cluster.scram(user, cluster.infra.password(user)))) {
            assertFlowsEndToEnd(cluster, sink);
        }
    }

    private static ConfigurableApplicationContext start(SecuredCluster cluster, Map<String, String> connection) {
        return startSink(connection, cluster.route());
    }

    /** All good records become rows, the poison one is parked, and everything is committed. */
    private static void assertFlowsEndToEnd(SecuredCluster cluster, ConfigurableApplicationContext sink) {
        await("every record in Cassandra or parked, and committed")
                .atMost(FLOW)
                .until(() -> cluster.committed() == RECORDS + 1);
        assertThat(cluster.rows()).isEqualTo(RECORDS);
        assertThat(cluster.deadLetters()).hasSize(1);
    }

    private static void awaitDenied(ConfigurableApplicationContext sink, Client client, String cause) {
        await(client.label() + " denied").atMost(FLOW).untilAsserted(() -> {
            var health = access(sink).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey(client.label());
            assertThat(String.valueOf(health.getDetails().get(client.label()))).contains(cause);
        });
    }

    private static void assertNothingCommitted(SecuredCluster cluster) {
        assertThat(cluster.committed()).isEqualTo(-1);
        assertThat(cluster.rows()).isZero();
    }
}
