package io.kcsink.write;

import io.kcsink.mapping.Row;

/** A row's values could not be bound to its prepared statement; retrying cannot help. */
public class RowBindException extends RuntimeException {

    public RowBindException(Row row, Throwable cause) {
        super("cannot bind the row to the statement of route " + row.plan().name() + ": " + cause.getMessage(), cause);
    }
}
