package io.kcsink.format;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * How every {@link SchemaRegistryClient} authenticates, trusts and caches: the resolved form of
 * {@code sink.schema-registry.*}. At most one of basic auth and bearer token is set; credentials never appear in
 * {@link #toString()}.
 *
 * @param username user of HTTP basic auth, with {@code password}
 * @param password password of HTTP basic auth
 * @param bearerToken token sent as {@code Authorization: Bearer}
 * @param sslContext trust (and optional client certificate) for {@code https} registries; the JDK's defaults when null
 * @param cacheSize most schemas kept per registry
 * @param missingIdTtl how long an id the registry does not know is answered from memory
 * @param timeout connect and request timeout
 */
public record SchemaRegistrySettings(
        @Nullable String username,
        @Nullable String password,
        @Nullable String bearerToken,
        @Nullable SSLContext sslContext,
        int cacheSize,
        Duration missingIdTtl,
        Duration timeout) {

    /** No credentials, the JDK's trust, and the defaults of {@code sink.schema-registry.*}. */
    public static final SchemaRegistrySettings DEFAULTS =
            new SchemaRegistrySettings(null, null, null, null, 1000, Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Override
    public String toString() {
        return "SchemaRegistrySettings[username=" + username + ", password=" + (password == null ? null : "******")
                + ", bearerToken=" + (bearerToken == null ? null : "******") + ", sslContext=" + sslContext
                + ", cacheSize=" + cacheSize + ", missingIdTtl=" + missingIdTtl + ", timeout=" + timeout + "]";
    }
}
