package io.kcsink.write;

import io.kcsink.mapping.Row;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the rows of one batch to Cassandra and waits for all of them: the listener's one way to the tables.
 * {@link RowWriter} is the implementation the service runs; the listener's tests script one outcome per row.
 */
@FunctionalInterface
public interface BatchWriter {

    /**
     * Writes the rows and waits until every write has completed.
     *
     * @return the failure of each row, by index; {@code null} where the row was written
     */
    List<@Nullable Throwable> write(List<Row> rows) throws InterruptedException;
}
