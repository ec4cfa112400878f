package io.kcsink.ops;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Kafka is UP when the cluster answers a description request within the admin timeout. */
public final class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final Admin admin;
    private final Duration timeout;

    public KafkaHealthIndicator(Admin admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        long millis = timeout.toMillis();
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
            String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
            builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            // The cause of a refused handshake (an expired or untrusted certificate, another host's name) is nested.
            builder.down().withDetail("client", "admin").withDetail("error", AccessFailures.describe(cause));
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                builder.withDetail("hint", NO_ANSWER_HINT);
            }
        } catch (TimeoutException ex) {
            builder.down()
                    .withDetail("client", "admin")
                    .withDetail("error", ex.toString())
                    .withDetail("hint", NO_ANSWER_HINT);
        }
    }

    /** A client speaking PLAINTEXT to a TLS listener gets no error, only silence: say what to check. */
    private static final String NO_ANSWER_HINT = "no answer from the cluster: check spring.kafka.bootstrap-servers and "
            + "spring.kafka.security.protocol (a PLAINTEXT client against a TLS or SASL listener looks like this)";
}
