package io.kcsink.ops;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the sink is observed: consumer lag, readiness and the progress log. The Actuator endpoints themselves are
 * configured with Spring Boot's own {@code management.*} properties.
 *
 * @param lagInterval how often the consumer lag is computed through the Kafka admin client; health, metrics and the
 *     {@code sink} endpoint show the last computed value
 * @param adminTimeout how long one admin client call (cluster description for the Kafka health, offsets for the lag)
 *     may take before it counts as failed
 * @param readinessMaxLag total consumer lag, over all routes, above which the instance reports itself not ready; unset
 *     (the default) never takes lag into account
 * @param progressInterval how often a progress line is logged while records flow; nothing is logged while idle, and
 *     {@code 0} disables the line
 */
@ConfigurationProperties("sink.ops")
public record OpsProperties(
        @DefaultValue("5s") Duration lagInterval,
        @DefaultValue("2s") Duration adminTimeout,
        @Nullable Long readinessMaxLag,
        @DefaultValue("30s") Duration progressInterval) {}
