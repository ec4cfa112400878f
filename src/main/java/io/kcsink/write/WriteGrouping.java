package io.kcsink.write;

/**
 * Which rows {@link RowWriter} sends to Cassandra together, as one unlogged batch: rows of one partition, rows whose
 * partitions have the same replicas, or none (every row its own statement).
 */
public enum WriteGrouping {
    /** Rows of the same table and partition key share a batch; Cassandra applies it as one mutation. */
    PARTITION,
    /**
     * Rows of the same keyspace whose partitions the same nodes own (from the driver's token map) share a batch, so
     * that its coordinator is one of their replicas; on a one-node cluster every row of a keyspace shares one.
     */
    REPLICA_SET,
    /** Every row is its own statement. */
    NONE
}
