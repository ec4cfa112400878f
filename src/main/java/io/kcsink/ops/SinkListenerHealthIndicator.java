package io.kcsink.ops;

import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The listener is UP while its container runs and no route is failed; the details show each route's state, and why
 * a route is paused, stopped or failed. A paused route does not make it DOWN: pausing is an operator's decision.
 */
public final class SinkListenerHealthIndicator implements HealthIndicator {

    private final Routes routes;
    private final RouteControl control;

    public SinkListenerHealthIndicator(Routes routes, RouteControl control) {
        this.routes = routes;
        this.control = control;
    }

    @Override
    public Health health() {
        Health.Builder builder = Health.up();
        Map<String, Object> details = new LinkedHashMap<>();
        for (SinkRoute route : routes.all()) {
            RouteControl.Status status = control.status(route);
            if (status.state() == RouteControl.State.FAILED || status.state() == RouteControl.State.STOPPED) {
                builder.down();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
            if (status.reason() != null) {
                detail.put("reason", status.reason());
            }
            detail.put("assignedPartitions", status.assigned());
            if (!status.paused().isEmpty()) {
                detail.put("pausedPartitions", status.paused());
            }
            details.put(route.name(), detail);
        }
        return builder.withDetail("routes", details).build();
    }
}
