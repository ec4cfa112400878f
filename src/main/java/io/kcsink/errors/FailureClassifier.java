package io.kcsink.errors;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.kcsink.format.SchemaRegistryUnavailableException;
import java.util.List;
import org.apache.kafka.common.errors.AuthorizationException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Decides whether a failed record or batch can succeed later, from declared lists of failure types. Waiting is always
 * safe and dropping is not, so what the lists do not name is retriable.
 *
 * <table>
 *   <caption>The lists, in the order they are consulted</caption>
 *   <tr><th>list</th><th>types</th><th>verdict</th></tr>
 *   <tr><td>{@link #accessDeniedFailures()}</td>
 *       <td>Cassandra's {@code UnauthorizedException} and {@code AuthenticationException}, Kafka's
 *           {@code AuthenticationException} (SSL handshakes included) and {@code AuthorizationException}</td>
 *       <td>retriable</td></tr>
 *   <tr><td>{@link #retriableFailures()}</td>
 *       <td>{@code AllNodesFailedException} (no node available), {@code DriverTimeoutException},
 *           {@code ClosedConnectionException}, {@code HeartbeatException}, {@code QueryExecutionException}
 *           (overloaded, bootstrapping, read and write timeouts or failures, truncate),
 *           {@code SchemaRegistryUnavailableException}, {@code RetriableBatchException}</td>
 *       <td>retriable</td></tr>
 *   <tr><td>{@link #permanentFailures()}</td>
 *       <td>{@code RecordFailureException}, {@code QueryValidationException} (invalid query, syntax error),
 *           {@code IllegalArgumentException}, {@code ClassCastException}, {@code CoordinatorException} (any other
 *           error Cassandra answered)</td>
 *       <td>permanent</td></tr>
 *   <tr><td>{@link #retriableTranslations()}</td>
 *       <td>Spring's {@code TransientDataAccessException}, {@code RecoverableDataAccessException},
 *           {@code DataAccessResourceFailureException}</td>
 *       <td>retriable</td></tr>
 *   <tr><td>{@link #permanentTranslations()}</td>
 *       <td>Spring's {@code NonTransientDataAccessException}</td>
 *       <td>permanent</td></tr>
 *   <tr><td>none of these</td><td>anything else</td><td>retriable</td></tr>
 * </table>
 *
 * <p>Precedence, stated once. (1) A refusal of access anywhere in the cause chain, the per-node errors of an
 * {@code AllNodesFailedException} included, makes the failure retriable: a revoked grant or a rotated password is a
 * problem of the whole stream that an operator fixes, never a bad record to dead-letter. (2) Otherwise the cause chain
 * is walked from the outermost exception; the first link that is an instance of an entry of the retriable or permanent
 * list decides, the retriable list first because its entries are more specific than some permanent ones
 * ({@code QueryExecutionException} is a {@code CoordinatorException}). (3) Only when no link matches those are Spring's
 * translations consulted the same way: they wrap the driver's exception, which says more precisely what happened.
 */
public final class FailureClassifier {

    private static final List<Class<? extends Throwable>> ACCESS_DENIED = List.of(
            UnauthorizedException.class,
            AuthenticationException.class,
            org.apache.kafka.common.errors.AuthenticationException.class,
            AuthorizationException.class);

    private static final List<Class<? extends Throwable>> RETRIABLE = List.of(
            AllNodesFailedException.class,
            DriverTimeoutException.class,
            ClosedConnectionException.class,
            HeartbeatException.class,
            QueryExecutionException.class,
            SchemaRegistryUnavailableException.class,
            RetriableBatchException.class);

    private static final List<Class<? extends Throwable>> PERMANENT = List.of(
            RecordFailureException.class,
            QueryValidationException.class,
            IllegalArgumentException.class,
            ClassCastException.class,
            CoordinatorException.class);

    private static final List<Class<? extends Throwable>> RETRIABLE_TRANSLATIONS = List.of(
            TransientDataAccessException.class,
            RecoverableDataAccessException.class,
            DataAccessResourceFailureException.class);

    private static final List<Class<? extends Throwable>> PERMANENT_TRANSLATIONS =
            List.of(NonTransientDataAccessException.class);

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

    private FailureClassifier() {}

    /** Refusals of the service's credentials or permissions, by Cassandra or Kafka: retried, never dead-lettered. */
    public static List<Class<? extends Throwable>> accessDeniedFailures() {
        return ACCESS_DENIED;
    }

    /** Failures of Cassandra, the driver or the sink that a later attempt may cure. */
    public static List<Class<? extends Throwable>> retriableFailures() {
        return RETRIABLE;
    }

    /** Failures of a record or a statement that no later attempt can cure. */
    public static List<Class<? extends Throwable>> permanentFailures() {
        return PERMANENT;
    }

    /** Spring's translations that a later attempt may cure, consulted after the lists above. */
    public static List<Class<? extends Throwable>> retriableTranslations() {
        return RETRIABLE_TRANSLATIONS;
    }

    /** Spring's translations that no later attempt can cure, consulted after the lists above. */
    public static List<Class<? extends Throwable>> permanentTranslations() {
        return PERMANENT_TRANSLATIONS;
    }

    /** Whether a server refused the service's credentials or its permissions, anywhere in the cause chain. */
    public static boolean isAccessDenied(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (matches(t, ACCESS_DENIED)) {
                return true;
            }
            if (t instanceof AllNodesFailedException nodes) {
                for (List<Throwable> nodeErrors : nodes.getAllErrors().values()) {
                    for (Throwable nodeError : nodeErrors) {
                        if (isAccessDenied(nodeError)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Whether a later attempt may succeed. */
    public static boolean isRetriable(Throwable error) {
        if (isAccessDenied(error)) {
            return true;
        }
        Boolean verdict = firstMatch(error, RETRIABLE, PERMANENT);
        if (verdict == null) {
            verdict = firstMatch(error, RETRIABLE_TRANSLATIONS, PERMANENT_TRANSLATIONS);
        }
        return verdict == null || verdict;
    }

    /** True or false for the outermost link that one of the lists names, retriable first; null when none does. */
    private static @Nullable Boolean firstMatch(
            Throwable error, List<Class<? extends Throwable>> retriable, List<Class<? extends Throwable>> permanent) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (matches(t, retriable)) {
                return true;
            }
            if (matches(t, permanent)) {
                return false;
            }
        }
        return null;
    }

    private static boolean matches(Throwable t, List<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
