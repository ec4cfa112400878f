package io.kcsink.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The routes split by Kafka consumer group, one listener container each: the routes without a {@code group-id} (or
 * naming the default group) share the default group and container, and the routes naming the same {@code group-id}
 * share that group's container. A topic read by routes of two groups is consumed once per group, and each group's
 * listener writes only its own routes.
 */
public final class RouteGroups {

    private final List<RouteGroup> all;

    private RouteGroups(List<RouteGroup> all) {
        this.all = List.copyOf(all);
    }

    /**
     * @param routes every route
     * @param listenerId the default container's id, {@code sink.listener-id}; a group's container is
     *     {@code <listenerId>-<group-id>}
     * @param defaultGroupId {@code spring.kafka.consumer.group-id}: a route naming it shares the default container
     */
    public static RouteGroups of(Routes routes, String listenerId, @Nullable String defaultGroupId) {
        List<SinkRoute> shared = new ArrayList<>();
        Map<String, List<SinkRoute>> own = new LinkedHashMap<>();
        for (SinkRoute route : routes.all()) {
            String groupId = groupIdOf(route);
            if (groupId == null || groupId.equals(defaultGroupId)) {
                shared.add(route);
            } else {
                own.computeIfAbsent(groupId, g -> new ArrayList<>()).add(route);
            }
        }
        List<RouteGroup> groups = new ArrayList<>();
        groups.add(new RouteGroup(listenerId, null, null, routes.subset(shared)));
        own.forEach((groupId, members) -> groups.add(new RouteGroup(
                listenerId(listenerId, groupId), groupId, concurrency(members), routes.subset(members))));
        return new RouteGroups(groups);
    }

    /** One default group of all routes, as before routes had groups of their own (tests). */
    public static RouteGroups single(Routes routes, String listenerId) {
        return new RouteGroups(List.of(new RouteGroup(listenerId, null, null, routes)));
    }

    /** The container id of a route group: {@code <listenerId>-<groupId>}. */
    public static String listenerId(String listenerId, String groupId) {
        return listenerId + "-" + groupId;
    }

    /** Every group, the default group first, then in the order their first route is configured. */
    public List<RouteGroup> all() {
        return all;
    }

    /** The default group (possibly without routes), consumed by the {@code @KafkaListener} of {@link SinkListener}. */
    public RouteGroup defaultGroup() {
        return all.get(0);
    }

    /** The groups that routes name with their {@code group-id}, each with a container of its own. */
    public List<RouteGroup> own() {
        return all.subList(1, all.size());
    }

    /** The group of the route; the default group for a route that is not one of these. */
    public RouteGroup of(SinkRoute route) {
        for (RouteGroup group : all) {
            if (group.contains(route)) {
                return group;
            }
        }
        return defaultGroup();
    }

    private static @Nullable String groupIdOf(SinkRoute route) {
        String groupId = route.plan().properties().get("group-id");
        return groupId == null || groupId.isBlank() ? null : groupId.trim();
    }

    /** The most consumers any route of the group asks for; null when none asks. */
    private static @Nullable Integer concurrency(List<SinkRoute> members) {
        Integer most = null;
        for (SinkRoute route : members) {
            String concurrency = route.plan().properties().get("concurrency");
            if (concurrency != null) {
                int consumers = Integer.parseInt(concurrency.trim());
                most = most == null ? consumers : Math.max(most, consumers);
            }
        }
        return most;
    }
}
