package io.kcsink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.SchemaRegistryUnavailableException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.data.cassandra.CassandraConnectionFailureException;
import org.springframework.data.cassandra.CassandraInvalidQueryException;
import org.springframework.data.cassandra.CassandraWriteTimeoutException;

class FailureClassifierTest {

    @Test
    void retriesWhenNoCassandraNodeIsAvailable() {
        NoNodeAvailableException driver = new NoNodeAvailableException();
        assertThat(FailureClassifier.isRetriable(driver)).isTrue();
        assertThat(FailureClassifier.isRetriable(
                        new CassandraConnectionFailureException(java.util.Map.of(), "down", driver)))
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
        assertThat(FailureClassifier.isRetriable(driver)).isFalse();
        assertThat(FailureClassifier.isRetriable(new CassandraInvalidQueryException("bad", driver)))
                .isFalse();
    }

    @Test
    void doesNotRetryARecordFailure() {
        assertThat(FailureClassifier.isRetriable(
                        new RecordFailureException(Stage.MAP, "r", "id", "id", "bad", new IllegalArgumentException())))
                .isFalse();
    }

    @Test
    void retriesAnUnreachableSchemaRegistry() {
        assertThat(FailureClassifier.isRetriable(
                        new SchemaRegistryUnavailableException("http://registry", new IOException("refused"))))
                .isTrue();
    }

    @Test
    void retriesWhatItDoesNotKnowBecauseWaitingLosesNothing() {
        assertThat(FailureClassifier.isRetriable(new IllegalStateException("something new")))
                .isTrue();
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
