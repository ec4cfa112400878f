package io.kcsink.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The command line's {@code --sink.redrive.*} arguments make the request of a one-shot re-drive. */
class RedrivePropertiesTest {

    @Test
    void bindsTheTopicTheSelectionAndTheTargetRoute() {
        RedriveProperties properties = bind(Map.of(
                "sink.redrive.topic", "orders-topic.DLT",
                "sink.redrive.stage", "write",
                "sink.redrive.route", "orders",
                "sink.redrive.since", "2026-12-02T10:00:00Z",
                "sink.redrive.until", "2026-12-02T11:00:00Z",
                "sink.redrive.target-route", "orders_v2"));

        RedriveRequest request = properties.request();

        assertThat(request).isNotNull();
        assertThat(request.topic()).isEqualTo("orders-topic.DLT");
        assertThat(request.selection())
                .isEqualTo(new Selection(
                        "write",
                        "orders",
                        Instant.parse("2026-12-02T10:00:00Z"),
                        Instant.parse("2026-12-02T11:00:00Z")));
        assertThat(request.targetRoute()).isEqualTo("orders_v2");
    }

    @Test
    void asksForNothingWithoutATopic() {
        assertThat(bind(Map.of("sink.redrive.stage", "write")).request()).isNull();
    }

    private static RedriveProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("sink.redrive", RedriveProperties.class);
    }
}
