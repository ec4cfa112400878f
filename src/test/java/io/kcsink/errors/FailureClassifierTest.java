package io.kcsink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.SchemaRegistryAccessDeniedException;
import io.kcsink.format.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.cassandra.CassandraConnectionFailureException;
import org.springframework.data.cassandra.CassandraInvalidQueryException;
import org.springframework.data.cassandra.CassandraWriteTimeoutException;

/** The classification table, entry by entry, and the precedence its Javadoc states. */
class FailureClassifierTest {

    private static final Node NODE = Mockito.mock(Node.class);

    /** One failure of each entry of the table, of a type no list consulted earlier names. */
    private static final Map<Class<? extends Throwable>, Throwable> EXAMPLES = examples();

    private static Map<Class<? extends Throwable>, Throwable> examples() {
        Map<Class<? extends Throwable>, Throwable> examples = new LinkedHashMap<>();
        examples.put(UnauthorizedException.class, new UnauthorizedException(NODE, "no MODIFY on demo.orders"));
        examples.put(AuthenticationException.class, new AuthenticationException(null, "bad password"));
        examples.put(
                org.apache.kafka.common.errors.AuthenticationException.class,
                new SslAuthenticationException("handshake failed"));
        examples.put(
                org.apache.kafka.common.errors.AuthorizationException.class,
                new TopicAuthorizationException("not authorized on orders.DLT"));
        examples.put(AllNodesFailedException.class, new NoNodeAvailableException());
        examples.put(DriverTimeoutException.class, new DriverTimeoutException("timed out after 10s"));
        examples.put(ClosedConnectionException.class, new ClosedConnectionException("closed"));
        examples.put(
                HeartbeatException.class,
                new HeartbeatException(new InetSocketAddress("127.0.0.1", 9042), "no heartbeat", null));
        examples.put(QueryExecutionException.class, new OverloadedException(NODE));
        examples.put(
                SchemaRegistryUnavailableException.class,
                new SchemaRegistryUnavailableException("http://registry", new IOException("refused")));
        examples.put(RetriableBatchException.class, new RetriableBatchException("retry", new IOException("x")));
        examples.put(
                RecordFailureException.class,
                new RecordFailureException(Stage.MAP, "r", "id", "id", "bad", new IllegalStateException()));
        examples.put(QueryValidationException.class, new InvalidQueryException(NODE, "unknown column"));
        examples.put(IllegalArgumentException.class, new IllegalArgumentException("bad value"));
        examples.put(ClassCastException.class, new ClassCastException("not a String"));
        examples.put(CoordinatorException.class, new ServerError(NODE, "internal"));
        examples.put(TransientDataAccessException.class, new TransientDataAccessResourceException("busy"));
        examples.put(RecoverableDataAccessException.class, new RecoverableDataAccessException("reconnect"));
        examples.put(DataAccessResourceFailureException.class, new DataAccessResourceFailureException("down"));
        examples.put(NonTransientDataAccessException.class, new CassandraInvalidQueryException("bad", null));
        return examples;
    }

    static Stream<Arguments> entries() {
        List<Arguments> entries = new ArrayList<>();
        add(entries, "access denied", FailureClassifier.accessDeniedFailures(), true);
        add(entries, "retriable", FailureClassifier.retriableFailures(), true);
        add(entries, "permanent", FailureClassifier.permanentFailures(), false);
        add(entries, "retriable translation", FailureClassifier.retriableTranslations(), true);
        add(entries, "permanent translation", FailureClassifier.permanentTranslations(), false);
        return entries.stream();
    }

    private static void add(
            List<Arguments> entries, String list, List<Class<? extends Throwable>> types, boolean retriable) {
        for (Class<? extends Throwable> type : types) {
            entries.add(Arguments.of(list, type, retriable));
        }
    }

    /** Bare, wrapped once, and wrapped under an exception no list names: the cause chain is walked. */
    private static final List<Function<Throwable, Throwable>> WRAPPINGS = List.of(
            failure -> failure,
            failure -> new RuntimeException("wrapper", failure),
            failure -> new IllegalStateException("outer", new java.util.concurrent.CompletionException(failure)));

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("entries")
    void classifiesEveryEntryAsItsListSays(String list, Class<? extends Throwable> type, boolean retriable) {
        Throwable example = EXAMPLES.get(type);
        assertThat(example).as("an example of %s", type.getName()).isNotNull().isInstanceOf(type);
        for (Function<Throwable, Throwable> wrap : WRAPPINGS) {
            Throwable failure = wrap.apply(example);
            assertThat(FailureClassifier.isRetriable(failure))
                    .as("%s in the %s list", failure, list)
                    .isEqualTo(retriable);
            assertThat(FailureClassifier.isAccessDenied(failure))
                    .as("%s in the %s list", failure, list)
                    .isEqualTo(list.equals("access denied"));
        }
    }

    @Test
    void everyExampleIsAnEntryOfTheTable() {
        assertThat(entries().map(entry -> entry.get()[1])).containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
    }

    @Test
    void noPermanentEntryIsARetriableOneSoTheOrderWithinALinkOnlyLetsSubtypesWin() {
        for (List<Class<? extends Throwable>> permanent :
                List.of(FailureClassifier.permanentFailures(), FailureClassifier.permanentTranslations())) {
            for (Class<? extends Throwable> type : permanent) {
                for (Class<? extends Throwable> retriable : Stream.concat(
                                FailureClassifier.retriableFailures().stream(),
                                FailureClassifier.retriableTranslations().stream())
                        .toList()) {
                    assertThat(retriable.isAssignableFrom(type))
                            .as("%s is a %s", type, retriable)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void aRetriableSubtypeWinsOverItsPermanentSupertype() {
        assertThat(FailureClassifier.isRetriable(new OverloadedException(NODE))).isTrue();
        assertThat(FailureClassifier.isRetriable(new DataAccessResourceFailureException("down")))
                .isTrue();
    }

    @Test
    void theOutermostLinkThatAListNamesDecides() {
        assertThat(FailureClassifier.isRetriable(
                        new RecordFailureException(Stage.WRITE, "r", null, null, "bad", new OverloadedException(NODE))))
                .isFalse();
        assertThat(FailureClassifier.isRetriable(
                        new RetriableBatchException("retry", new IllegalArgumentException("bad"))))
                .isTrue();
    }

    @Test
    void theDriversExceptionDecidesBeforeSpringsTranslationOfIt() {
        InvalidQueryException driver = new InvalidQueryException(NODE, "bad");
        assertThat(FailureClassifier.isRetriable(new TransientDataAccessResourceException("busy", driver)))
                .isFalse();
        assertThat(FailureClassifier.isRetriable(
                        new CassandraInvalidQueryException("bad", new DriverTimeoutException("slow"))))
                .isTrue();
    }

    @Test
    void aRefusalOfAccessAnywhereInTheChainIsRetriedNeverDeadLettered() {
        // UnauthorizedException is a QueryValidationException, which alone would be permanent.
        RecordFailureException failure = new RecordFailureException(
                Stage.WRITE, "r", null, null, "denied", new UnauthorizedException(NODE, "no MODIFY"));
        assertThat(FailureClassifier.isAccessDenied(failure)).isTrue();
        assertThat(FailureClassifier.isRetriable(failure)).isTrue();
    }

    @Test
    void aRefusalOfAccessByOneNodeOfAllNodesFailedIsAccessDenied() {
        AllNodesFailedException nodes = AllNodesFailedException.fromErrors(
                Map.of(NODE, new AuthenticationException(null, "bad password", new IOException("closed"))));
        assertThat(FailureClassifier.isAccessDenied(new RuntimeException(nodes)))
                .isTrue();
        AllNodesFailedException down =
                AllNodesFailedException.fromErrors(Map.of(NODE, new ClosedConnectionException("closed")));
        assertThat(FailureClassifier.isAccessDenied(down)).isFalse();
        assertThat(FailureClassifier.isRetriable(down)).isTrue();
    }

    @Test
    void aSchemaRegistryDenialIsRetriedAsTheRegistryBeingUnavailable() {
        assertThat(FailureClassifier.isRetriable(new SchemaRegistryAccessDeniedException("http://registry", 401, 7)))
                .isTrue();
    }

    @Test
    void retriesWhenNoCassandraNodeIsAvailable() {
        NoNodeAvailableException driver = new NoNodeAvailableException();
        assertThat(FailureClassifier.isRetriable(new CassandraConnectionFailureException(Map.of(), "down", driver)))
                .isTrue();
    }

    @Test
    void retriesAWriteTimeout() {
        ConsistencyLevel one = DefaultConsistencyLevel.ONE;
        WriteTimeoutException driver = new WriteTimeoutException(null, one, 0, 1, WriteType.SIMPLE);
        assertThat(FailureClassifier.isRetriable(driver)).isTrue();
        assertThat(FailureClassifier.isRetriable(new CassandraWriteTimeoutException("WriteType.SIMPLE", "t", driver)))
                .isTrue();
    }

    @Test
    void doesNotRetryAnInvalidQuery() {
        InvalidQueryException driver = new InvalidQueryException(null, "bad");
        assertThat(FailureClassifier.isRetriable(new CassandraInvalidQueryException("bad", driver)))
                .isFalse();
    }

    @Test
    void retriesWhatItDoesNotKnowBecauseWaitingLosesNothing() {
        assertThat(FailureClassifier.isRetriable(new IllegalStateException("something new")))
                .isTrue();
        assertThat(FailureClassifier.isAccessDenied(new IllegalStateException("something new")))
                .isFalse();
    }

    @Test
    void aStackOverflowIsTheOnlyErrorThatFailsOneRecordAlone() {
        assertThat(FailureClassifier.recordErrors()).containsExactly(StackOverflowError.class);
        assertThat(FailureClassifier.isRecordError(new StackOverflowError())).isTrue();
        assertThat(FailureClassifier.isRecordError(new OutOfMemoryError("Java heap space")))
                .isFalse();
        assertThat(FailureClassifier.isRecordError(new OutOfMemoryError("Requested array size exceeds VM limit")))
                .isFalse();
        assertThat(FailureClassifier.isRecordError(new InternalError())).isFalse();
        assertThat(FailureClassifier.isRecordError(new NoClassDefFoundError())).isFalse();
        assertThat(FailureClassifier.isRecordError(new AssertionError())).isFalse();
    }
}
