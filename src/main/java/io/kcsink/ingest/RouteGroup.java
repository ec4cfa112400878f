package io.kcsink.ingest;

import org.jspecify.annotations.Nullable;

/**
 * The routes that one listener container consumes for, in one Kafka consumer group: its own committed offsets, and its
 * own failure domain (a route of the group whose error policy is {@code fail} stops this container only).
 *
 * @param listenerId the container's id in the {@code KafkaListenerEndpointRegistry}: {@code sink.listener-id} for the
 *     default group, {@code <sink.listener-id>-<group-id>} for a route's own group
 * @param groupId the Kafka consumer group; null for the default group, {@code spring.kafka.consumer.group-id}
 * @param concurrency the container's consumers; null for {@code spring.kafka.listener.concurrency}
 * @param routes the routes of the group, which alone its listener writes
 */
public record RouteGroup(
        String listenerId,
        @Nullable String groupId,
        @Nullable Integer concurrency,
        Routes routes) {

    /** Whether this is the default group, whose routes name no group-id of their own. */
    public boolean isDefault() {
        return groupId == null;
    }

    /** Whether the route is one of this group's. */
    public boolean contains(SinkRoute route) {
        return routes.all().contains(route);
    }
}
