package io.kcsink.migrate;

/** The connector configuration cannot be read or is not one this command knows; the message says which and why. */
final class MigrationException extends RuntimeException {

    MigrationException(String message) {
        super(message);
    }

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
