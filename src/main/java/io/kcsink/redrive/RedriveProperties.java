package io.kcsink.redrive;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Re-driving dead letters: the consumer group whose offsets say how far each dead-letter topic was re-driven, and the
 * request of the one-shot command line mode ({@code java -jar app.jar --sink.redrive.topic=orders-topic.DLT}).
 *
 * @param group the re-drive's consumer group; unset for the sink's own group id followed by {@code -redrive}
 * @param topic the dead-letter topic to re-drive from the command line; the service ignores it
 * @param stage re-drive only records that failed at this stage: {@code decode}, {@code map} or {@code write}
 * @param route re-drive only records that failed in this route
 * @param since re-drive only records parked at or after this instant (ISO-8601, e.g. {@code 2026-12-02T10:00:00Z})
 * @param until re-drive only records parked before this instant
 * @param targetRoute send the records through this route instead of the one named in their headers
 */
@ConfigurationProperties("sink.redrive")
public record RedriveProperties(
        @Nullable String group,
        @Nullable String topic,
        @Nullable String stage,
        @Nullable String route,
        @Nullable Instant since,
        @Nullable Instant until,
        @Nullable String targetRoute) {

    /** The re-drive the command line asks for, or null when it names no topic. */
    public @Nullable RedriveRequest request() {
        return topic == null ? null : new RedriveRequest(topic, new Selection(stage, route, since, until), targetRoute);
    }
}
