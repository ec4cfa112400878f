package io.kcsink.format;

/**
 * The Schema Registry answered 401 or 403: the sink's credentials are missing, wrong or not allowed to read schemas.
 * It is a configuration failure, not a bad record, so it is retried like an unavailable registry (it extends
 * {@link SchemaRegistryUnavailableException} so that every place that retries one retries the other): fixing the
 * credentials and restarting loses nothing.
 */
public class SchemaRegistryAccessDeniedException extends SchemaRegistryUnavailableException {

    private final int status;

    public SchemaRegistryAccessDeniedException(String url, int status, int schemaId) {
        super("the Schema Registry at " + url + " denied access (HTTP " + status + ") to schema id " + schemaId
                + ": check sink.schema-registry.username/password/bearer-token and the principal's right to"
                + " read schemas; the batch is retried until it is let in");
        this.status = status;
    }

    /** The HTTP status: 401 or 403. */
    public int status() {
        return status;
    }
}
