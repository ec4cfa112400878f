package io.kcsink.format;

/**
 * What the last answer of a Schema Registry said about the sink's right to read it: the {@code schemaRegistry} health.
 *
 * @param url the registry's URL, without any credentials it was configured with
 * @param state whether the sink has asked yet, and whether it was let in
 * @param status the HTTP status of the last answer that decided the state; 0 before the first
 */
public record SchemaRegistryAccess(String url, State state, int status) {

    /** Whether the registry has been asked yet, and whether it let the sink in. */
    public enum State {
        /** No schema fetched yet: nothing is known about the credentials. */
        UNTRIED,
        /** The last answer was a schema, or a 404 for an unknown id: the credentials work. */
        GRANTED,
        /** The last answer was 401 or 403: the credentials are missing, wrong, or lack the right to read. */
        DENIED
    }
}
