package io.kcsink.errors;

/**
 * A batch could not be completed for a reason a later attempt can cure (Cassandra unavailable, a timeout, overload, the
 * dead-letter topic unreachable). Nothing of the batch is committed; the error handler waits and delivers it again.
 */
public class RetriableBatchException extends RuntimeException {

    public RetriableBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
