package io.kcsink.format;

/** The Schema Registry could not be reached or answered with a server error; a later attempt may succeed. */
public class SchemaRegistryUnavailableException extends RuntimeException {

    public SchemaRegistryUnavailableException(String baseUrl, Throwable cause) {
        super("the Schema Registry at " + baseUrl + " is unavailable: " + cause.getMessage(), cause);
    }
}
