package io.kcsink.ingest;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;

/** What happens to records, for metrics and logs; the listener reports, and does not care who listens. */
public interface SinkEvents {

    /** A record of the route's topics was received. */
    void received(SinkRoute route);

    /** A record's row was written to the route's table. */
    void written(SinkRoute route);

    /** A record was parked in the dead-letter topic. */
    void deadLettered(SinkRoute route, Stage stage);

    /** A record was skipped by the route's error policy. */
    void skipped(SinkRoute route, Stage stage);

    /** A record was left out by the route's filter, or dropped by its hook: committed, not written, not parked. */
    default void filtered(SinkRoute route) {}

    /** A record failed in a route whose error policy is {@code fail}; the listener stops. */
    default void routeFailed(SinkRoute route, RecordFailureException reason) {}

    /** The broker acknowledged every dead letter of a batch. */
    default void deadLettersPublished() {}

    /** A batch of records was handled; writing its rows to Cassandra took {@code writeNanos}. */
    default void batch(int records, long writeNanos) {}

    /** Events that nobody listens to. */
    SinkEvents NONE = new SinkEvents() {
        @Override
        public void received(SinkRoute route) {}

        @Override
        public void written(SinkRoute route) {}

        @Override
        public void deadLettered(SinkRoute route, Stage stage) {}

        @Override
        public void skipped(SinkRoute route, Stage stage) {}
    };
}
