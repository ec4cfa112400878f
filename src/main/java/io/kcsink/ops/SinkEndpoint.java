package io.kcsink.ops;

import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.ColumnBinding;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.redrive.Redrive;
import io.kcsink.redrive.RedriveException;
import io.kcsink.redrive.RedriveRequest;
import io.kcsink.redrive.Selection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code sink} Actuator endpoint: each route with its compiled plan, state, record counts and lag
 * ({@code GET /actuator/sink}, {@code GET /actuator/sink/{route}}), and pausing and resuming a route
 * ({@code POST /actuator/sink/{route}/pause}, {@code .../resume}), restarting the stopped listener container of a
 * route's group ({@code .../restart}), and re-driving a dead-letter topic ({@code POST /actuator/sink/redrive}). The
 * write operations need
 * {@code management.endpoint.sink.access: unrestricted}; the service's default is {@code read-only}.
 */
@Endpoint(id = "sink")
public final class SinkEndpoint {

    private final Routes routes;
    private final RouteControl control;
    private final SinkMetrics metrics;
    private final ConsumerLag lag;

    private final @Nullable Redrive redrive;

    public SinkEndpoint(Routes routes, RouteControl control, SinkMetrics metrics, ConsumerLag lag) {
        this(routes, control, metrics, lag, null);
    }

    /** @param redrive re-drives dead-letter topics ({@code POST /actuator/sink/redrive}); null for none */
    public SinkEndpoint(
            Routes routes, RouteControl control, SinkMetrics metrics, ConsumerLag lag, @Nullable Redrive redrive) {
        this.routes = routes;
        this.control = control;
        this.metrics = metrics;
        this.lag = lag;
        this.redrive = redrive;
    }

    @ReadOperation
    public Map<String, Object> routes() {
        ConsumerLag.Snapshot snapshot = lag.snapshot();
        List<Map<String, Object>> all = new ArrayList<>();
        for (SinkRoute route : routes.all()) {
            all.add(describe(route, snapshot));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("routes", all);
        result.put("lag", lagSummary(snapshot));
        return result;
    }

    @ReadOperation
    public @Nullable Map<String, Object> route(@Selector String name) {
        SinkRoute route = control.route(name);
        return route == null ? null : describe(route, lag.snapshot());
    }

    /**
     * Pauses or resumes the route (routes of its group that share a topic with it pause with it), or restarts its
     * group's stopped listener container.
     */
    @WriteOperation
    public @Nullable Map<String, Object> control(@Selector String name, @Selector String action) {
        SinkRoute route = control.route(name);
        if (route == null) {
            return null;
        }
        switch (action) {
            case "pause" -> control.pause(route);
            case "resume" -> control.resume(route);
            case "restart" -> control.restart(route);
            default ->
                throw new InvalidEndpointRequestException(
                        "unknown action " + action + " for route " + name + ": use pause, resume or restart",
                        "unknown action");
        }
        return describe(route, lag.snapshot());
    }

    /**
     * Re-drives a dead-letter topic up to its end offsets of now ({@code POST /actuator/sink/redrive} with a JSON body:
     * {@code topic}, and optionally {@code stage}, {@code route}, {@code since}, {@code until}, {@code targetRoute}, {@code group}),
     * and returns the counts once done.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> redrive(
            @Selector String operation,
            String topic,
            @Nullable String stage,
            @Nullable String route,
            @Nullable String since,
            @Nullable String until,
            @Nullable String targetRoute,
            @Nullable String group) {
        if (!operation.equals("redrive") || redrive == null) {
            throw new InvalidEndpointRequestException(
                    "unknown operation " + operation + ": use redrive, or {route}/pause and {route}/resume",
                    "unknown operation");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("topic", topic);
        result.put("group", group != null ? group : redrive.group());
        try {
            RedriveRequest request = new RedriveRequest(
                    topic,
                    new Selection(stage, route, instant("since", since), instant("until", until)),
                    targetRoute,
                    group);
            result.putAll(redrive.run(request).asMap());
            return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_OK);
        } catch (IllegalArgumentException badRequest) {
            result.put("error", badRequest.getMessage());
            return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_BAD_REQUEST);
        } catch (IllegalStateException running) {
            result.put("error", running.getMessage());
            return new WebEndpointResponse<>(result, 409);
        } catch (RedriveException stopped) {
            result.putAll(stopped.counts().asMap());
            result.put("error", stopped.getMessage());
            return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }

    private static @Nullable Instant instant(String name, @Nullable String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(
                    name + " '" + value + "' is not an ISO-8601 instant such as " + "2026-12-02T10:00:00Z");
        }
    }

    private Map<String, Object> describe(SinkRoute route, ConsumerLag.Snapshot snapshot) {
        RoutePlan plan = route.plan();
        RouteControl.Status status = control.status(route);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", route.name());
        view.put("table", plan.keyspace() + "." + plan.table());
        view.put("topics", plan.topics());
        if (plan.topicPattern() != null) {
            view.put("topicPattern", plan.topicPattern().pattern());
        }
        view.put("insert", plan.insert().cql());
        if (plan.delete() != null) {
            view.put("delete", plan.delete().cql());
        }
        List<Map<String, String>> bindings = new ArrayList<>();
        for (ColumnBinding binding : plan.bindings()) {
            bindings.add(Map.of(
                    "column",
                    binding.column(),
                    "path",
                    binding.path(),
                    "type",
                    binding.type().asCql(false, true)));
        }
        view.put("bindings", bindings);
        view.put("errorPolicy", route.errorPolicy().name().toLowerCase(Locale.ROOT));
        view.put("state", status.state().name().toLowerCase(Locale.ROOT));
        if (status.reason() != null) {
            view.put("reason", status.reason());
        }
        view.put("assignedPartitions", status.assigned());
        view.put("pausedPartitions", status.paused());
        view.put("counts", metrics.counts(route));
        Map<String, Object> routeLag = new LinkedHashMap<>();
        routeLag.put("total", snapshot.total(route));
        routeLag.put("partitions", snapshot.byPartition(route));
        view.put("lag", routeLag);
        return view;
    }

    private static Map<String, Object> lagSummary(ConsumerLag.Snapshot snapshot) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", snapshot.total());
        if (snapshot.computedAt() != null) {
            summary.put("computedAt", snapshot.computedAt().toString());
        }
        if (snapshot.error() != null) {
            summary.put("error", snapshot.error());
        }
        return summary;
    }
}
