package io.kcsink.it.security;

import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.security.SecuredCluster.access;
import static io.kcsink.it.security.SecuredCluster.superuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.SecuredInfrastructure;
import io.kcsink.ops.AccessFailures.Client;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Cassandra with client encryption and password authentication: a wrong password or an untrusted certificate stops
 * start-up with the cause, and a grant revoked while records flow is retried (health DOWN, an alertable gauge), never
 * dead-lettered record by record, until the grant is back.
 */
@Testcontainers
class SecuredCassandraIT {

    @Container
    static final SecuredInfrastructure infrastructure = SecuredInfrastructure.instance();

    private static final Duration FLOW = Duration.ofSeconds(90);

    @Test
    void aWrongPasswordStopsStartUpNamingCassandraAndTheCause() {
        SecuredCluster cluster = new SecuredCluster();
        SecuredInfrastructure infra = cluster.infra;
        Map<String, String> connection = cluster.mutualTlsPem(infra.kafkaSsl(), infra.clientCertificate(), infra.pki());
        connection.put("spring.cassandra.password", "not-the-password");
        assertThatThrownBy(() -> startSink(connection, cluster.route()).close())
                .rootCause()
                .hasMessageContaining("Authentication error on node")
                .hasMessageContaining("and/or password are incorrect")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anUntrustedCassandraCertificateStopsStartUpNamingTheHandshake() {
        SecuredCluster cluster = new SecuredCluster();
        SecuredInfrastructure infra = cluster.infra;
        Map<String, String> connection = cluster.mutualTlsPem(infra.kafkaSsl(), infra.clientCertificate(), infra.pki());
        connection.put(
                "spring.ssl.bundle.pem.cassandra.truststore.certificate",
                infra.roguePki().caCertificate().toUri().toString());
        assertThatThrownBy(() -> startSink(connection, cluster.route()).close())
                .hasStackTraceContaining("Could not reach any contact point")
                .hasStackTraceContaining("SSLHandshakeException");
    }

    @Test
    void aRevokedGrantIsRetriedNotDeadLetteredUntilItIsBack() {
        SecuredCluster cluster = new SecuredCluster();
        SecuredInfrastructure infra = cluster.infra;
        cluster.produce(1, 10, false);
        try (ConfigurableApplicationContext sink = startSink(
                cluster.mutualTlsPem(infra.kafkaSsl(), infra.clientCertificate(), infra.pki()), cluster.route())) {
            await().atMost(FLOW).until(() -> cluster.committed() == 10);
            assertThat(cluster.rows()).isEqualTo(10);

            revokeModify();
            try {
                cluster.produce(11, 10, false);
                await("Cassandra denied").atMost(FLOW).untilAsserted(() -> {
                    var health = access(sink).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get(Client.CASSANDRA.label())))
                            .contains("UnauthorizedException")
                            .contains("MODIFY");
                });
                MeterRegistry meters = sink.getBean(MeterRegistry.class);
                assertThat(meters.get("sink.access.denied")
                                .tag("client", "cassandra")
                                .gauge()
                                .value())
                        .isEqualTo(1.0);
                assertThat(cluster.deadLetters()).isEmpty();
                assertThat(cluster.committed()).isEqualTo(10);
            } finally {
                grantModify();
            }
            await("the retried records written once the grant is back")
                    .atMost(FLOW)
                    .until(() -> cluster.committed() == 20);
            assertThat(cluster.rows()).isEqualTo(20);
            assertThat(cluster.deadLetters()).isEmpty();
            await().atMost(FLOW)
                    .until(() -> Status.UP.equals(access(sink).health().getStatus()));
        }
    }

    private static void revokeModify() {
        superuser()
                .execute("REVOKE MODIFY ON KEYSPACE " + SecuredInfrastructure.KEYSPACE + " FROM "
                        + SecuredInfrastructure.CASSANDRA_ROLE);
    }

    private static void grantModify() {
        superuser()
                .execute("GRANT MODIFY ON KEYSPACE " + SecuredInfrastructure.KEYSPACE + " TO "
                        + SecuredInfrastructure.CASSANDRA_ROLE);
    }
}
