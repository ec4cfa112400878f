package io.kcsink.ops;

import io.kcsink.errors.FailureClassifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Which of the service's clients a server refuses right now (the Schema Registry has a health of its own,
 * {@code schemaRegistry}), and why: a wrong password, an untrusted or expired
 * certificate, a missing ACL, a revoked grant. Such a failure stops the whole stream, not one record, so records are
 * retried (nothing committed, nothing dead-lettered) while this indicator is DOWN and the gauge
 * {@code sink.access.denied{client}} is 1; both clear when the client succeeds again.
 */
public final class AccessFailures implements HealthIndicator {

    /** The clients whose access is watched, named as an operator reads them. */
    public enum Client {
        CONSUMER("consumer"),
        DEAD_LETTER_PRODUCER("dead-letter producer"),
        CASSANDRA("Cassandra");

        private final String label;

        Client(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private record Denied(String reason, Instant since) {}

    private static final Logger log = LoggerFactory.getLogger(AccessFailures.class);

    private final Map<Client, Denied> denied = new EnumMap<>(Client.class);
    private final Clock clock;
    // Read on every written record: a volatile flag keeps the common case (nothing denied) lock-free.
    private volatile boolean anyDenied;

    public AccessFailures(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (Client client : Client.values()) {
            Gauge.builder("sink.access.denied", this, failures -> failures.isDenied(client) ? 1 : 0)
                    .description("1 while a server refuses this client's credentials or permissions; records are "
                            + "retried, not dead-lettered, until it is fixed")
                    .tag("client", client.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .register(registry);
        }
    }

    /** Records that the server refused the client, when {@code failure} is an authentication or authorization error. */
    public void failed(Client client, Throwable failure) {
        if (FailureClassifier.isAccessDenied(failure)) {
            denied(client, describe(failure));
        }
    }

    /** Records that the server refused the client for the reason given. */
    public synchronized void denied(Client client, String reason) {
        Denied previous = denied.get(client);
        if (previous == null || !previous.reason().equals(reason)) {
            log.error(
                    "access denied client=\"{}\" reason=\"{}\": records are retried, not committed, until the "
                            + "credentials or permissions are fixed",
                    client.label(),
                    reason);
        }
        denied.put(client, new Denied(reason, previous != null ? previous.since() : clock.instant()));
        anyDenied = true;
    }

    /** Records that the client succeeded, which ends a denial. */
    public void succeeded(Client client) {
        if (anyDenied) {
            clear(client);
        }
    }

    private synchronized void clear(Client client) {
        if (denied.remove(client) != null) {
            log.info("access restored client=\"{}\"", client.label());
        }
        anyDenied = !denied.isEmpty();
    }

    public synchronized boolean isDenied(Client client) {
        return denied.containsKey(client);
    }

    /** Kafka's and the driver's messages name the cause (an SSL handshake, an ACL, a role), never a credential. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (FailureClassifier.isAccessDenied(t)) {
                cause = t;
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return root == cause ? text : text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    @Override
    public synchronized Health health() {
        if (denied.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        denied.forEach((client, why) -> details.put(
                client.label(),
                Map.of("reason", why.reason(), "since", why.since().toString())));
        return Health.down().withDetails(details).build();
    }

    @Nullable
    synchronized String reason(Client client) {
        Denied why = denied.get(client);
        return why == null ? null : why.reason();
    }
}
