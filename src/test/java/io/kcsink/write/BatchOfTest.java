package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What a batch of grouped rows carries over from its rows. */
class BatchOfTest {

    @Test
    void aBatchOfUpsertsIsUnloggedAndIdempotentWithItsRowsConsistency() {
        BatchStatement batch = RowWriter.batchOf(
                List.of(row(true, DefaultConsistencyLevel.QUORUM), row(true, DefaultConsistencyLevel.QUORUM)),
                false,
                false);

        assertThat(batch.getBatchType()).isEqualTo(BatchType.UNLOGGED);
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.isIdempotent()).isTrue();
        assertThat(batch.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.QUORUM);
        assertThat(batch.getExecutionProfileName()).isNull();
    }

    @Test
    void aBatchIsIdempotentOnlyWhenEveryRowIs() {
        assertThat(RowWriter.batchOf(List.of(row(true, null), row(false, null)), false, false)
                        .isIdempotent())
                .isFalse();
    }

    @Test
    void counterRowsGoInACounterBatch() {
        assertThat(RowWriter.batchOf(List.of(row(false, null), row(false, null)), true, false)
                        .getBatchType())
                .isEqualTo(BatchType.COUNTER);
    }

    @Test
    void aBatchByReplicaSetRunsInTheProfileThatDoesNotLogItsWarning() {
        assertThat(RowWriter.batchOf(List.of(row(true, null), row(true, null)), false, true)
                        .getExecutionProfileName())
                .isEqualTo(RowWriter.REPLICA_SET_BATCH_PROFILE);
    }

    private static BoundStatement row(boolean idempotent, @Nullable ConsistencyLevel consistency) {
        BoundStatement row = mock(BoundStatement.class);
        when(row.isIdempotent()).thenReturn(idempotent);
        when(row.getConsistencyLevel()).thenReturn(consistency);
        return row;
    }
}
