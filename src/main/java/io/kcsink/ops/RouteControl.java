package io.kcsink.ops;

import io.kcsink.ingest.RouteGroup;
import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerStartedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Pauses, resumes and restarts routes on the listener container of their group, and tells the state of each route. A
 * route is paused by pausing every assigned partition of its topics in its group's container, so routes of one group
 * that read a shared topic pause together: the records of that topic are not consumed by the group until no route of
 * the group reading it is paused (a route of another group reads it on). Paused routes are remembered, and partitions of
 * their topics assigned later (a rebalance, a new topic matching a pattern) are paused on assignment. A container that
 * stopped (a route with the error policy {@code fail}) fails the routes of its group only.
 */
public final class RouteControl implements ConsumerAwareRebalanceListener, ApplicationListener<KafkaEvent> {

    private static final Logger log = LoggerFactory.getLogger(RouteControl.class);

    private final RouteGroups groups;
    private final Function<String, @Nullable MessageListenerContainer> containers;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    // Why a group's container stopped, by listener id.
    private final Map<String, String> containerFailures = new ConcurrentHashMap<>();

    /** Route control over one container of every route (tests). */
    public RouteControl(Routes routes, String listenerId, Supplier<@Nullable MessageListenerContainer> container) {
        this(RouteGroups.single(routes, listenerId), id -> container.get());
    }

    /**
     * @param groups the routes by group
     * @param containers the container of a listener id, from the {@code KafkaListenerEndpointRegistry}; null while
     *     there is none
     */
    public RouteControl(RouteGroups groups, Function<String, @Nullable MessageListenerContainer> containers) {
        this.groups = groups;
        this.containers = containers;
    }

    /** What a route is doing. */
    public enum State {
        /** Its records are consumed and written. */
        RUNNING,
        /** Paused through the {@code sink} endpoint, or sharing a topic with a paused route. */
        PAUSED,
        /** The listener container is not running. */
        STOPPED,
        /** It cannot make progress; the status says why. */
        FAILED
    }

    /**
     * The state of a route and why.
     *
     * @param state what the route is doing
     * @param reason why it is failed, stopped or paused; null when running
     * @param assigned partitions of its topics assigned to this instance
     * @param paused partitions of its topics whose consumer on this instance is paused
     */
    public record Status(State state, @Nullable String reason, List<String> assigned, List<String> paused) {}

    /** The route of that name, or null. */
    public @Nullable SinkRoute route(String name) {
        for (SinkRoute route : allRoutes()) {
            if (route.name().equals(name)) {
                return route;
            }
        }
        return null;
    }

    /** Stops consuming the route's topics until {@link #resume}; also pauses the routes that share its topics. */
    public void pause(SinkRoute route) {
        paused.add(route.name());
        MessageListenerContainer listener = containerOf(route);
        if (listener != null) {
            for (TopicPartition partition : assignedPartitions(listener, route)) {
                listener.pausePartition(partition);
            }
        }
        log.info("route paused: route={}", route.name());
    }

    /** Consumes the route's topics again, except the topics that another paused route still reads. */
    public void resume(SinkRoute route) {
        paused.remove(route.name());
        MessageListenerContainer listener = containerOf(route);
        if (listener != null) {
            for (TopicPartition partition : assignedPartitions(listener, route)) {
                if (pausedRouteReading(groups.of(route), partition.topic()) == null) {
                    listener.resumePartition(partition);
                }
            }
        }
        log.info("route resumed: route={}", route.name());
    }

    /**
     * Starts the stopped container of the route's group again, after clearing the failures of the group's routes: it
     * reads on from the group's last committed offsets, so the record that stopped it is read again. A running container
     * is left as it is.
     */
    public void restart(SinkRoute route) {
        RouteGroup group = groups.of(route);
        for (SinkRoute member : group.routes().all()) {
            failed.remove(member.name());
        }
        containerFailures.remove(group.listenerId());
        MessageListenerContainer listener = containers.apply(group.listenerId());
        if (listener != null && !listener.isRunning()) {
            listener.start();
        }
        log.info("route restarted: route={} listener={}", route.name(), group.listenerId());
    }

    /** Marks a route failed: it shows DOWN in the health, with the reason, until {@link #clearFailure}. */
    public void fail(String route, String reason) {
        failed.put(route, reason);
    }

    /** Takes back {@link #fail}. */
    public void clearFailure(String route) {
        failed.remove(route);
    }

    /** The state of the route on this instance. */
    public Status status(SinkRoute route) {
        RouteGroup group = groups.of(route);
        MessageListenerContainer listener = containers.apply(group.listenerId());
        List<String> assigned = new ArrayList<>();
        List<String> pausedPartitions = new ArrayList<>();
        if (listener != null) {
            for (TopicPartition partition : assignedPartitions(listener, route)) {
                assigned.add(partition.toString());
                // Paused by the consumer, not only requested: the concurrent container answers only this question.
                if (listener.isPartitionPaused(partition)) {
                    pausedPartitions.add(partition.toString());
                }
            }
        }
        assigned.sort(null);
        pausedPartitions.sort(null);
        String failure = failed.get(route.name());
        if (failure != null) {
            return new Status(State.FAILED, failure, assigned, pausedPartitions);
        }
        String stopped = containerFailures.get(group.listenerId());
        if (stopped != null) {
            return new Status(State.FAILED, stopped, assigned, pausedPartitions);
        }
        if (listener == null || !listener.isRunning()) {
            return new Status(
                    State.STOPPED,
                    "listener container " + group.listenerId() + " is not running",
                    assigned,
                    pausedPartitions);
        }
        if (paused.contains(route.name())) {
            return new Status(State.PAUSED, "paused through the sink endpoint", assigned, pausedPartitions);
        }
        for (String topic : topicsOf(route, listener)) {
            String by = pausedRouteReading(group, topic);
            if (by != null) {
                return new Status(
                        State.PAUSED, "shares topic " + topic + " with paused route " + by, assigned, pausedPartitions);
            }
        }
        return new Status(State.RUNNING, null, assigned, pausedPartitions);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (paused.isEmpty()) {
            return;
        }
        RouteGroup group = groupOf(consumer);
        MessageListenerContainer listener = group == null ? null : containers.apply(group.listenerId());
        if (group == null || listener == null) {
            return;
        }
        for (TopicPartition partition : partitions) {
            if (pausedRouteReading(group, partition.topic()) != null) {
                // Requested now, applied by the container before its next poll: no record of the partition is fetched.
                listener.pausePartition(partition);
            }
        }
    }

    @Override
    public void onApplicationEvent(KafkaEvent event) {
        MessageListenerContainer source = event.getContainer(MessageListenerContainer.class);
        String listenerId = source.getListenerId();
        if (listenerId == null
                || groups.all().stream().noneMatch(group -> group.listenerId().equals(listenerId))) {
            return;
        }
        if (event instanceof ConsumerStoppedEvent stopped
                && stopped.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            containerFailures.put(
                    listenerId, "a consumer of listener " + listenerId + " stopped: " + stopped.getReason());
        } else if (event instanceof ConsumerStartedEvent) {
            containerFailures.remove(listenerId);
        }
    }

    private List<SinkRoute> allRoutes() {
        List<SinkRoute> all = new ArrayList<>();
        for (RouteGroup group : groups.all()) {
            all.addAll(group.routes().all());
        }
        return all;
    }

    private @Nullable MessageListenerContainer containerOf(SinkRoute route) {
        return containers.apply(groups.of(route).listenerId());
    }

    /**
     * The group whose container the consumer belongs to: the one group when there is one, else the group whose
     * container consumes in the consumer's Kafka group.
     */
    private @Nullable RouteGroup groupOf(@Nullable Consumer<?, ?> consumer) {
        if (groups.all().size() == 1) {
            return groups.defaultGroup();
        }
        if (consumer == null) {
            return null;
        }
        String groupId = consumer.groupMetadata().groupId();
        for (RouteGroup group : groups.all()) {
            MessageListenerContainer listener = containers.apply(group.listenerId());
            if (listener != null && groupId.equals(listener.getGroupId())) {
                return group;
            }
        }
        return null;
    }

    private @Nullable String pausedRouteReading(RouteGroup group, String topic) {
        for (SinkRoute route : group.routes().forTopic(topic)) {
            if (paused.contains(route.name())) {
                return route.name();
            }
        }
        return null;
    }

    private static List<TopicPartition> assignedPartitions(MessageListenerContainer listener, SinkRoute route) {
        List<TopicPartition> partitions = new ArrayList<>();
        Collection<TopicPartition> assigned = listener.getAssignedPartitions();
        if (assigned != null) {
            for (TopicPartition partition : assigned) {
                if (route.plan().matchesTopic(partition.topic())) {
                    partitions.add(partition);
                }
            }
        }
        return partitions;
    }

    private static Set<String> topicsOf(SinkRoute route, MessageListenerContainer listener) {
        Set<String> topics = new java.util.TreeSet<>(route.plan().topics());
        for (TopicPartition partition : assignedPartitions(listener, route)) {
            topics.add(partition.topic());
        }
        return topics;
    }
}
