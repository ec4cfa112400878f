package io.kcsink.format;

import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** The Schema Registry could not be reached or answered with a server error; a later attempt may succeed. */
public class SchemaRegistryUnavailableException extends RuntimeException {

    public SchemaRegistryUnavailableException(String baseUrl, Throwable cause) {
        super(describe(baseUrl, cause), cause);
    }

    /** For a failure whose message says all, without a cause. */
    protected SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    /** Whether the registry was reached but the TLS handshake failed: a trust or certificate problem, not an outage. */
    public boolean isTlsFailure() {
        return tlsCause(getCause()) != null;
    }

    private static String describe(String baseUrl, Throwable cause) {
        SSLException tls = tlsCause(cause);
        if (tls != null) {
            return "the TLS handshake with the Schema Registry at " + baseUrl + " failed: " + tls.getMessage()
                    + "; check that sink.schema-registry.ssl-bundle trusts the registry's certificate and that the"
                    + " certificate names the registry's host";
        }
        return "the Schema Registry at " + baseUrl + " is unavailable: " + cause.getMessage();
    }

    private static @Nullable SSLException tlsCause(@Nullable Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }
}
