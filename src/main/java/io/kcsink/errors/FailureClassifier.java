package io.kcsink.errors;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.kcsink.format.SchemaRegistryUnavailableException;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Decides whether a failed write can succeed later. Cassandra being down, slow or overloaded is retriable; a statement
 * that Cassandra rejects as invalid, or a value that cannot be bound, is permanent. What this class does not know is
 * retriable: waiting is always safe, dropping is not.
 */
public final class FailureClassifier {

    /**
     * The errors that decoding or mapping one record may raise and that leave the service sound, so that the record
     * fails alone, at its stage, and goes to its dead-letter topic: a {@link StackOverflowError} comes from a record
     * nested deeper than the thread's stack, and unwinding that record's decoding or mapping frees the stack again.
     *
     * <p>Not among them: {@link OutOfMemoryError}. Under {@code -XX:+ExitOnOutOfMemoryError}, which the image and the
     * chart set, the JVM exits when one is thrown, before any handler runs; and without it, the allocation that fails
     * is the last of many, often not the record's own, so parking the record would park a good one. The decoders
     * check every length a record declares before allocating for it instead ({@code sink.limits.*}). Nor any other
     * {@link VirtualMachineError} or a {@link LinkageError}: they say the service is broken, not the record, and would
     * park every record after it; they stop the listener.
     */
    private static final List<Class<? extends Error>> RECORD_ERRORS = List.of(StackOverflowError.class);

    private FailureClassifier() {}

    /** The errors that one record's decoding or mapping may raise and that fail only that record. */
    public static List<Class<? extends Error>> recordErrors() {
        return RECORD_ERRORS;
    }

    /** Whether an error raised while decoding or mapping one record fails only that record. */
    public static boolean isRecordError(Error error) {
        for (Class<? extends Error> type : RECORD_ERRORS) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a server refused the service's credentials or its permissions: Cassandra's {@code UnauthorizedException}
     * or authentication failure, Kafka's {@code AuthenticationException} or {@code AuthorizationException} (SSL
     * handshake failures included).
     */
    public static boolean isAccessDenied(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnauthorizedException
                    || t instanceof AuthenticationException
                    || t instanceof org.apache.kafka.common.errors.AuthenticationException
                    || t instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return true;
            }
            if (t instanceof AllNodesFailedException nodes) {
                for (Throwable nodeError : nodes.getAllErrors().values().stream()
                        .flatMap(List::stream)
                        .toList()) {
                    if (isAccessDenied(nodeError)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether a later attempt may succeed. */
    public static boolean isRetriable(Throwable error) {
        if (isAccessDenied(error)) {
            // A revoked grant or a rotated password is a configuration problem of the whole stream, not a bad record:
            // retried until an operator fixes it (health DOWN, sink.access.denied), never dead-lettered one by one.
            return true;
        }
        // The driver's own exception says most precisely what happened; Spring's translation of it comes second.
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordFailureException
                    || t instanceof QueryValidationException
                    || t instanceof IllegalArgumentException
                    || t instanceof ClassCastException) {
                return false;
            }
            if (t instanceof AllNodesFailedException
                    || t instanceof NoNodeAvailableException
                    || t instanceof DriverTimeoutException
                    || t instanceof ClosedConnectionException
                    || t instanceof HeartbeatException
                    || t instanceof OverloadedException
                    || t instanceof BootstrappingException
                    || t instanceof QueryExecutionException
                    || t instanceof TruncateException
                    || t instanceof SchemaRegistryUnavailableException
                    || t instanceof RetriableBatchException) {
                return true;
            }
            if (t instanceof CoordinatorException) {
                return false;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (t instanceof NonTransientDataAccessException) {
                return false;
            }
        }
        return true;
    }
}
