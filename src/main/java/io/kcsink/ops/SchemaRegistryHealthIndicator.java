package io.kcsink.ops;

import io.kcsink.format.RecordDecoders;
import io.kcsink.format.SchemaRegistryAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Schema Registries are DOWN while the last answer of any of them was 401 or 403, with its URL and status: the
 * sink's credentials are wrong and records that need its schemas wait. UP once every registry asked has answered,
 * UNKNOWN before any has been asked. It reads what schema fetches saw and sends no request of its own; an unreachable
 * registry is not its concern (the batch retries, and the lag shows it).
 */
public final class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final RecordDecoders decoders;

    public SchemaRegistryHealthIndicator(RecordDecoders decoders) {
        this.decoders = decoders;
    }

    @Override
    public Health health() {
        List<SchemaRegistryAccess> registries = decoders.registryAccess();
        Health.Builder builder = Health.unknown();
        List<Map<String, Object>> details = new ArrayList<>(registries.size());
        boolean denied = false;
        for (SchemaRegistryAccess registry : registries) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("url", registry.url());
            detail.put("access", registry.state().name().toLowerCase(Locale.ROOT));
            switch (registry.state()) {
                case DENIED -> {
                    denied = true;
                    detail.put("status", registry.status());
                    detail.put("check", "sink.schema-registry.username/password/bearer-token");
                }
                case GRANTED -> builder.up();
                case UNTRIED -> {}
            }
            details.add(detail);
        }
        if (denied) {
            builder.down();
        }
        return builder.withDetail("registries", details).build();
    }
}
