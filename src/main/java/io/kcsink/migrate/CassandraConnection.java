package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes the Cassandra connection both connectors share in shape: contact points with a port, and credentials. */
final class CassandraConnection {

    private CassandraConnection() {}

    /** {@code spring.cassandra.contact-points} as {@code host:port}, the port added where a point has none. */
    static void contactPoints(YamlTree yaml, Values values, String key, String points, String port) {
        String resolved = values.plain(key, points, "CASSANDRA_CONTACT_POINTS");
        if (resolved.contains("${")) {
            yaml.put("spring.cassandra.contact-points", resolved);
            return;
        }
        List<String> withPorts = new ArrayList<>();
        for (String point : resolved.split(",")) {
            if (!point.isBlank()) {
                withPorts.add(withPort(point.strip(), port));
            }
        }
        yaml.put("spring.cassandra.contact-points", String.join(",", withPorts));
    }

    private static String withPort(String host, String port) {
        if (host.startsWith("[")) {
            return host.contains("]:") ? host : host + ":" + port;
        }
        long colons = host.chars().filter(c -> c == ':').count();
        if (colons == 1) {
            return host;
        }
        return colons > 1 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static void credentials(
            YamlTree yaml,
            Values values,
            String usernameKey,
            @Nullable String username,
            String passwordKey,
            @Nullable String password) {
        if (username != null) {
            yaml.put("spring.cassandra.username", values.plain(usernameKey, username, "CASSANDRA_USERNAME"));
        }
        if (password != null) {
            yaml.put("spring.cassandra.password", values.secret(passwordKey, password, "CASSANDRA_PASSWORD"));
        }
    }
}
