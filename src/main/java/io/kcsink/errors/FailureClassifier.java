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

    private FailureClassifier() {}

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
                        .flatMap(java.util.List::stream)
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
