package io.kcsink.migrate;

import java.util.Locale;

/**
 * Translates the Lenses connector's {@code connect.cassandra.*} connection settings: contact points and port,
 * keyspace, credentials, timeouts and SSL, into {@code spring.cassandra.*} and an SSL bundle.
 */
final class LensesConnection {

    private static final String PREFIX = "connect.cassandra.";

    private final Translation t;

    LensesConnection(Translation translation) {
        this.t = translation;
    }

    void translate() {
        connection();
        ssl();
    }

    private void connection() {
        String port = t.settings().take(PREFIX + "port", "9042");
        String points = t.settings().take(PREFIX + "contact.points");
        if (points != null) {
            CassandraConnection.contactPoints(t.yaml(), t.values(), PREFIX + "contact.points", points, port);
        } else if (!port.equals("9042")) {
            t.yaml().put("spring.cassandra.port", Integer.valueOf(port));
        }
        String keyspace = t.settings().take(PREFIX + "key.space");
        if (keyspace != null) {
            t.yaml().put("spring.cassandra.keyspace-name", keyspace);
        }
        t.notes()
                .add(
                        "spring.cassandra.local-datacenter",
                        "the connector found the local datacenter itself; the service's driver must be told:"
                                + " datacenter1 unless you set it");
        CassandraConnection.credentials(
                t.yaml(),
                t.values(),
                PREFIX + "username",
                t.settings().take(PREFIX + "username"),
                PREFIX + "password",
                t.settings().take(PREFIX + "password"));
        String connectTimeout = t.settings().take(PREFIX + "connect.timeout.ms");
        if (connectTimeout != null) {
            t.yaml().put("spring.cassandra.connection.connect-timeout", connectTimeout + "ms");
        }
        String readTimeout = t.settings().take(PREFIX + "read.timeout.ms");
        if (readTimeout != null) {
            t.yaml().put("spring.cassandra.request.timeout", readTimeout + "ms");
        }
        note(
                PREFIX + "load.balancing.policy",
                "the driver's default (token-aware, in spring.cassandra.local-datacenter)" + " applies");
        note(PREFIX + "threadpool.size", "the service writes up to sink.write.max-in-flight rows at once (512)");
        note("connect.progress.enabled", "the service logs its progress every sink.ops.progress-interval (30s)");
    }

    private void ssl() {
        boolean enabled = Boolean.parseBoolean(t.settings().take(PREFIX + "ssl.enabled", "false"));
        if (!enabled) {
            for (String key : t.settings()
                    .keys(key -> key.startsWith(PREFIX + "trust.store.")
                            || key.startsWith(PREFIX + "key.store.")
                            || key.equals(PREFIX + "ssl.client.cert.auth"))) {
                note(key, "ignored by the connector without connect.cassandra.ssl.enabled=true");
            }
            return;
        }
        boolean clientAuth = Boolean.parseBoolean(t.settings().take(PREFIX + "ssl.client.cert.auth", "false"));
        String truststore = t.settings().take(PREFIX + "trust.store.path");
        String keystore = t.settings().take(PREFIX + "key.store.path");
        t.yaml().put("spring.cassandra.ssl.enabled", true);
        if (truststore != null) {
            store("truststore", "trust.store", truststore);
        }
        if (keystore != null && clientAuth) {
            store("keystore", "key.store", keystore);
        } else if (keystore != null) {
            note(PREFIX + "key.store.path", "ignored by the connector without connect.cassandra.ssl.client.cert.auth");
            t.settings().take(PREFIX + "key.store.password");
            t.settings().take(PREFIX + "key.store.type");
        }
        if (t.yaml().has("spring.ssl.bundle.jks.cassandra")) {
            t.yaml().put("spring.cassandra.ssl.bundle", "cassandra");
        }
        t.notes()
                .add(
                        "spring.cassandra.ssl.verify-hostname",
                        "the connector did not check that Cassandra's certificate names the host it connects to; the"
                                + " service does (true): set it to false only if the certificates do not name the hosts");
    }

    private void store(String store, String lensesName, String path) {
        String key = PREFIX + lensesName;
        t.bundles()
                .jks(
                        "cassandra",
                        store,
                        key + ".path",
                        path,
                        key + ".password",
                        t.settings().take(key + ".password"),
                        t.settings().take(key + ".type"),
                        "CASSANDRA_" + store.toUpperCase(Locale.ROOT));
    }

    private void note(String key, String why) {
        if (t.settings().has(key)) {
            t.settings().take(key);
            t.notes().add(key, why);
        }
    }
}
