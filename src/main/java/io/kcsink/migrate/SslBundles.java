package io.kcsink.migrate;

import org.jspecify.annotations.Nullable;

/** Writes a key or trust store of a connector as a store of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
final class SslBundles {

    private final YamlTree yaml;
    private final Values values;

    SslBundles(YamlTree yaml, Values values) {
        this.yaml = yaml;
        this.values = values;
    }

    /**
     * A JKS or PKCS#12 store, {@code spring.ssl.bundle.jks.<bundle>.<store>}.
     *
     * @param store {@code keystore} or {@code truststore}
     * @param variable the prefix of the environment variables that stand for the path and password, e.g.
     *     {@code CASSANDRA_TRUSTSTORE}
     */
    void jks(
            String bundle,
            String store,
            String pathKey,
            String path,
            String passwordKey,
            @Nullable String password,
            @Nullable String type,
            String variable) {
        String prefix = "spring.ssl.bundle.jks." + bundle + "." + store;
        yaml.put(prefix + ".location", location(values.plain(pathKey, path, variable + "_PATH")));
        if (password != null) {
            yaml.put(prefix + ".password", values.secret(passwordKey, password, variable + "_PASSWORD"));
        }
        if (type != null) {
            yaml.put(prefix + ".type", type);
        }
    }

    /** A PEM file of a bundle, {@code spring.ssl.bundle.pem.<bundle>.<store>.<part>}. */
    void pem(String bundle, String store, String part, String key, String path, String variable) {
        yaml.put(
                "spring.ssl.bundle.pem." + bundle + "." + store + "." + part,
                location(values.plain(key, path, variable)));
    }

    private static String location(String path) {
        return path.startsWith("file:") || path.startsWith("classpath:") ? path : "file:" + path;
    }
}
