package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The limit of writes in flight: fixed, or backing off from an overloaded Cassandra and growing back. */
class WriteLimitTest {

    private final Node node = Mockito.mock(Node.class);

    @Test
    void anAdaptiveLimitStartsAtTheMaximumAndBacksOffATenthPerOverloadedWriteDownToTheMinimum()
            throws InterruptedException {
        WriteLimit limit = WriteLimit.adaptive(4, 100, Duration.ofSeconds(10));
        assertThat(limit.limit()).isEqualTo(100);

        limit.acquire().overloaded();
        assertThat(limit.limit()).isEqualTo(90);
        limit.acquire().overloaded();
        assertThat(limit.limit()).isEqualTo(81);

        for (int i = 0; i < 100; i++) {
            limit.acquire().overloaded();
        }
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void anAdaptiveLimitGrowsBackByOneForEachWriteAnsweredInTimeWhileHalfOfItIsInUse() throws InterruptedException {
        WriteLimit limit = WriteLimit.adaptive(4, 100, Duration.ofSeconds(10));
        for (int i = 0; i < 30; i++) {
            limit.acquire().overloaded();
        }
        int backedOff = limit.limit();
        assertThat(backedOff).isLessThan(10);

        // Half the limit in use, then each completed write adds one.
        List<WriteLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < backedOff; i++) {
            permits.add(limit.acquire());
        }
        assertThat(limit.inFlight()).isEqualTo(backedOff);
        permits.forEach(WriteLimit.Permit::completed);

        assertThat(limit.limit()).isGreaterThan(backedOff);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aWriteSlowerThanTheSlowWriteBoundCountsAsOverload() throws InterruptedException {
        WriteLimit limit = WriteLimit.adaptive(4, 100, Duration.ofNanos(1));

        WriteLimit.Permit permit = limit.acquire();
        // Any write takes longer than a nanosecond.
        long started = System.nanoTime();
        while (System.nanoTime() == started) {
            Thread.onSpinWait();
        }
        permit.completed();

        assertThat(limit.limit()).isEqualTo(90);
    }

    @Test
    void aFixedLimitStaysAtTheMaximum() throws InterruptedException {
        WriteLimit limit = WriteLimit.fixed(16);

        WriteLimit.Permit permit = limit.acquire();
        assertThat(limit.inFlight()).isOne();
        permit.overloaded();

        assertThat(limit.limit()).isEqualTo(16);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void overloadsAreCassandrasOverloadAndTimeoutsNotItsRefusals() {
        EndPoint endPoint = Mockito.mock(EndPoint.class);
        Mockito.when(node.getEndPoint()).thenReturn(endPoint);
        ConsistencyLevel one = DefaultConsistencyLevel.ONE;
        OverloadedException overloaded = new OverloadedException(node);
        WriteTimeoutException timeout = new WriteTimeoutException(node, one, 0, 1, WriteType.SIMPLE);

        assertThat(WriteLimit.isOverload(overloaded)).isTrue();
        assertThat(WriteLimit.isOverload(timeout)).isTrue();
        assertThat(WriteLimit.isOverload(new DriverTimeoutException("Query timed out after PT2S")))
                .isTrue();
        assertThat(WriteLimit.isOverload(new RuntimeException("wrapped", overloaded)))
                .isTrue();
        assertThat(WriteLimit.isOverload(
                        AllNodesFailedException.fromErrors(List.of(Map.entry(node, (Throwable) overloaded)))))
                .isTrue();
        assertThat(WriteLimit.isOverload(new InvalidQueryException(node, "Undefined column name v")))
                .isFalse();
        assertThat(WriteLimit.isOverload(AllNodesFailedException.fromErrors(List.of(
                        Map.entry(node, (Throwable) overloaded),
                        Map.entry(node, new InvalidQueryException(node, "no"))))))
                .isFalse();
    }
}
