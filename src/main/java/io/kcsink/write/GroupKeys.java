package io.kcsink.write;

import io.kcsink.mapping.RoutePlan;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The group key of a row under a {@link WriteGrouping}: what rows written in one batch share. Rows of a conditional
 * route ({@code if-not-exists}, or an {@code IF} in its own cql) have none: Cassandra accepts conditional batches of one partition only, and each row
 * must report whether it was applied. Counter rows never share a key with other rows: a counter batch holds counter
 * updates only. Rows of different consistency levels never share one either: a batch has one.
 */
final class GroupKeys {

    private final WriteGrouping grouping;
    private final ReplicaSets replicas;

    GroupKeys(WriteGrouping grouping, ReplicaSets replicas) {
        this.grouping = grouping;
        this.replicas = replicas;
    }

    /** The row's group key, from its route and the routing key (its partition key, serialized) of its statement. */
    @Nullable
    Object keyOf(RoutePlan plan, @Nullable ByteBuffer routingKey) {
        if (grouping == WriteGrouping.NONE || routingKey == null || plan.conditional()) {
            return null;
        }
        boolean counter = plan.counter();
        String consistency = plan.options().consistency();
        if (grouping == WriteGrouping.REPLICA_SET) {
            Object owners = replicas.of(plan.keyspace(), routingKey);
            if (owners != null) {
                return new ReplicaSetKey(plan.keyspace(), owners, counter, consistency);
            }
            // No token map (metadata turned off, or not known yet): the partition is the group the driver can tell.
        }
        return new PartitionKey(plan.keyspace(), plan.table(), routingKey, counter, consistency);
    }

    /** Which nodes own a partition of a keyspace; null when the driver does not know. */
    @FunctionalInterface
    interface ReplicaSets {

        @Nullable
        Object of(String keyspace, ByteBuffer routingKey);

        ReplicaSets UNKNOWN = (keyspace, routingKey) -> null;
    }

    private record PartitionKey(
            String keyspace,
            String table,
            ByteBuffer routingKey,
            boolean counter,
            @Nullable String consistency) {}

    private record ReplicaSetKey(
            String keyspace,
            Object replicas,
            boolean counter,
            @Nullable String consistency) {}
}
