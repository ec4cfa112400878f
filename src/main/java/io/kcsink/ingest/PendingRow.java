package io.kcsink.ingest;

import io.kcsink.mapping.Row;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record's row for one route, on its way to Cassandra: what the listener needs to settle the row's write, counted for
 * the route when written, parked as the record's failure when rejected.
 *
 * @param source the record the row was mapped from
 * @param route the route that mapped it
 * @param row the row to write
 */
record PendingRow(ConsumerRecord<byte[], byte[]> source, SinkRoute route, Row row) {

    /** The rows of the pending writes, in their order, as the writer takes them: a view, so a batch copies nothing. */
    static List<Row> rows(List<PendingRow> pending) {
        return new Rows(pending);
    }

    private static final class Rows extends AbstractList<Row> implements RandomAccess {

        private final List<PendingRow> pending;

        Rows(List<PendingRow> pending) {
            this.pending = pending;
        }

        @Override
        public Row get(int index) {
            return pending.get(index).row();
        }

        @Override
        public int size() {
            return pending.size();
        }
    }
}
