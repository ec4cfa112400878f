package io.kcsink.errors;

import org.jspecify.annotations.Nullable;

/**
 * One record cannot be written, ever: it is undecodable, unmappable or rejected by Cassandra. It names where it failed
 * (stage, route, field path, column), which the dead-letter headers carry, and its message is written for an operator.
 */
public class RecordFailureException extends RuntimeException {

    /** The stage of the pipeline where a record failed. */
    public enum Stage {
        DECODE,
        MAP,
        WRITE;

        /** The stage's name as written in headers and metrics. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Stage stage;
    private final String route;
    private final @Nullable String path;
    private final @Nullable String column;

    public RecordFailureException(
            Stage stage,
            String route,
            @Nullable String path,
            @Nullable String column,
            @Nullable String message,
            Throwable cause) {
        // An exception without a message (a bare NullPointerException) is named by its class, never "null".
        super(message != null ? message : cause.toString(), cause);
        this.stage = stage;
        this.route = route;
        this.path = path;
        this.column = column;
    }

    public Stage stage() {
        return stage;
    }

    public String route() {
        return route;
    }

    public @Nullable String path() {
        return path;
    }

    public @Nullable String column() {
        return column;
    }
}
