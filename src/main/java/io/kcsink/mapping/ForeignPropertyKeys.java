package io.kcsink.mapping;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Route property names of the Kafka Connect Cassandra sinks (the DataStax connector's per-table settings, which Lenses'
 * Cassandra sink takes in its KCQL {@code PROPERTIES}), each with the property to write here instead, so that an
 * unknown-property problem says what to write rather than only what is known: in the KCQL {@code PROPERTIES(...)} and
 * {@code properties:} map the configuration reads, and in the mapping's own check.
 */
public final class ForeignPropertyKeys {

    private ForeignPropertyKeys() {}

    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry("consistencylevel", "'consistency' (e.g. 'consistency'='LOCAL_QUORUM')"),
            Map.entry("ttltimeunit", "'ttl-unit' with 'ttl-path' (s, ms, us, ns)"),
            Map.entry("timestamptimeunit", "'write-time'='path:<path>' with 'write-time-unit' (s, ms, us, ns)"),
            Map.entry("deletesenabled", "'delete-on-null'"),
            Map.entry("nulltounset", "'null-policy' ('unset' or 'write-null')"),
            Map.entry("codec.timezone", "'time-zone'"),
            Map.entry("codec.unit", "'timestamp-unit'"),
            Map.entry("codec.timestamp", "'timestamp-pattern'"),
            Map.entry("codec.date", "'date-pattern'"),
            Map.entry("codec.time", "'time-pattern'"));

    /** What to write instead of {@code key}, or null when it is no known foreign key. */
    public static @Nullable String instead(String key) {
        return INSTEAD.get(key.toLowerCase(java.util.Locale.ROOT));
    }
}
