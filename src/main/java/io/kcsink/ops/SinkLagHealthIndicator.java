package io.kcsink.ops;

import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Consumer lag as a readiness signal: OUT_OF_SERVICE while the total lag is above {@code sink.ops.readiness-max-lag},
 * UP otherwise and whenever no threshold is set. The details show the lag of each route.
 */
public final class SinkLagHealthIndicator implements HealthIndicator {

    private final Routes routes;
    private final ConsumerLag lag;
    private final @Nullable Long maxLag;

    public SinkLagHealthIndicator(Routes routes, ConsumerLag lag, @Nullable Long maxLag) {
        this.routes = routes;
        this.lag = lag;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        ConsumerLag.Snapshot snapshot = lag.snapshot();
        long total = snapshot.total();
        Health.Builder builder = maxLag != null && total > maxLag ? Health.outOfService() : Health.up();
        Map<String, Long> byRoute = new LinkedHashMap<>();
        for (SinkRoute route : routes.all()) {
            byRoute.put(route.name(), snapshot.total(route));
        }
        builder.withDetail("total", total)
                .withDetail("maxLag", maxLag == null ? "off" : maxLag)
                .withDetail("routes", byRoute);
        if (snapshot.computedAt() != null) {
            builder.withDetail("computedAt", snapshot.computedAt().toString());
        }
        if (snapshot.error() != null) {
            builder.withDetail("error", snapshot.error());
        }
        return builder.build();
    }
}
