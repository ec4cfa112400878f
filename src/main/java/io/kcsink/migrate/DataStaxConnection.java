package io.kcsink.migrate;

import java.util.List;
import java.util.Locale;

/**
 * Translates the DataStax connector's connection settings: contact points, local datacenter, authentication, SSL and
 * the driver's tuning, into {@code spring.cassandra.*}, an SSL bundle and {@code sink.write.*}.
 */
final class DataStaxConnection {

    private final Translation t;

    DataStaxConnection(Translation translation) {
        this.t = translation;
    }

    void translate() {
        connection();
        ssl();
        tuning();
    }

    private void connection() {
        String port = t.settings().take("port", "9042");
        String points = t.settings().take("contactPoints");
        if (points != null) {
            CassandraConnection.contactPoints(t.yaml(), t.values(), "contactPoints", points, port);
        } else {
            t.notes()
                    .add(
                            "contactPoints",
                            "not set: set spring.cassandra.contact-points (the service's default is"
                                    + " 127.0.0.1:9042)");
        }
        String dc = t.settings().take("loadBalancing.localDc");
        String driverDc = t.settings().take("datastax-java-driver.basic.load-balancing-policy.local-datacenter");
        String localDc = dc != null ? dc : driverDc;
        if (localDc != null) {
            t.yaml()
                    .put(
                            "spring.cassandra.local-datacenter",
                            t.values().plain("loadBalancing.localDc", localDc, "CASSANDRA_LOCAL_DATACENTER"));
        }
        String provider = t.settings().take("auth.provider", "None");
        String username = t.settings().take("auth.username");
        String password = t.settings().take("auth.password");
        if (provider.equalsIgnoreCase("GSSAPI")) {
            t.notes()
                    .add(
                            "auth.provider",
                            "Kerberos (GSSAPI) is not supported: the service authenticates with"
                                    + " spring.cassandra.username and password");
            for (String key : t.settings().keys(key -> key.startsWith("auth.gssapi."))) {
                t.settings().take(key);
            }
            return;
        }
        CassandraConnection.credentials(t.yaml(), t.values(), "auth.username", username, "auth.password", password);
        note(
                "cloud.secureConnectBundle",
                "DataStax Astra's secure connect bundle is not supported: connect with"
                        + " contact points, an SSL bundle and credentials");
    }

    private void ssl() {
        String provider = t.settings().take("ssl.provider", "None");
        if (provider.equalsIgnoreCase("None")) {
            for (String key : t.settings().keys(key -> key.startsWith("ssl."))) {
                note(key, "ignored by the connector with ssl.provider None");
            }
            return;
        }
        t.yaml().put("spring.cassandra.ssl.enabled", true);
        String certificate = t.settings().take("ssl.openssl.keyCertChain");
        String privateKey = t.settings().take("ssl.openssl.privateKey");
        String truststore = t.settings().take("ssl.truststore.path");
        String keystore = t.settings().take("ssl.keystore.path");
        if (certificate != null && privateKey != null) {
            t.bundles()
                    .pem(
                            "cassandra",
                            "keystore",
                            "certificate",
                            "ssl.openssl.keyCertChain",
                            certificate,
                            "CASSANDRA_CERTIFICATE_PATH");
            t.bundles()
                    .pem(
                            "cassandra",
                            "keystore",
                            "private-key",
                            "ssl.openssl.privateKey",
                            privateKey,
                            "CASSANDRA_PRIVATE_KEY_PATH");
            if (truststore != null) {
                t.settings().take("ssl.truststore.password");
                t.notes()
                        .add(
                                "ssl.truststore.path",
                                "a Spring Boot SSL bundle is PEM or JKS, not both: export the"
                                        + " trusted CA of " + truststore + " as PEM and set"
                                        + " spring.ssl.bundle.pem.cassandra.truststore.certificate");
            }
        } else {
            if (truststore != null) {
                t.bundles()
                        .jks(
                                "cassandra",
                                "truststore",
                                "ssl.truststore.path",
                                truststore,
                                "ssl.truststore.password",
                                t.settings().take("ssl.truststore.password"),
                                null,
                                "CASSANDRA_TRUSTSTORE");
            }
            if (keystore != null) {
                t.bundles()
                        .jks(
                                "cassandra",
                                "keystore",
                                "ssl.keystore.path",
                                keystore,
                                "ssl.keystore.password",
                                t.settings().take("ssl.keystore.password"),
                                null,
                                "CASSANDRA_KEYSTORE");
            }
        }
        String ciphers = t.settings().take("ssl.cipherSuites");
        String bundle = t.yaml().has("spring.ssl.bundle.pem.cassandra") ? "pem" : "jks";
        if (ciphers != null) {
            t.yaml()
                    .put(
                            "spring.ssl.bundle." + bundle + ".cassandra.options.ciphers",
                            List.of(ciphers.split("\\s*,\\s*")));
        }
        if (t.yaml().has("spring.ssl.bundle." + bundle + ".cassandra")) {
            t.yaml().put("spring.cassandra.ssl.bundle", "cassandra");
        }
        if (!Boolean.parseBoolean(t.settings().take("ssl.hostnameValidation", "true"))) {
            t.yaml().put("spring.cassandra.ssl.verify-hostname", false);
        }
    }

    private void tuning() {
        String inFlight = t.settings().take("maxConcurrentRequests");
        if (inFlight != null) {
            t.yaml().put("sink.write.max-in-flight", Integer.valueOf(inFlight));
        }
        String timeout = t.settings().take("queryExecutionTimeout");
        if (timeout != null) {
            t.yaml().put("spring.cassandra.request.timeout", timeout + "s");
        }
        String compression = t.settings().take("compression");
        if (compression != null) {
            t.yaml().put("spring.cassandra.compression", compression.toLowerCase(Locale.ROOT));
        }
        note(
                "maxNumberOfRecordsInBatch",
                "the service writes each row on its own, up to sink.write.max-in-flight at"
                        + " once, with the rows of one key in order");
        note("connectionPoolLocalSize", "not translated: the driver's default pool applies");
        note("jmx", "the service's metrics are Micrometer's, at /actuator/prometheus");
        note("metricsHighestLatency", "the service's metrics are Micrometer's, at /actuator/prometheus");
    }

    private void note(String key, String why) {
        if (t.settings().has(key)) {
            t.settings().take(key);
            t.notes().add(key, why);
        }
    }
}
