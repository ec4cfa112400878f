package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a route's properties into {@link WriteOptions}, the units of the TTL and write time read from paths, and how
 * columns read time ({@link TemporalOptions}), collecting a problem for every unknown key and bad value. Keys owned by
 * other stages (formats, dead letters) are accepted untouched.
 */
final class RouteOptions {

    /** Cassandra's maximum TTL: 20 years. */
    static final int MAX_TTL_SECONDS = 630_720_000;

    private static final Set<String> OWN_KEYS = Set.of(
            "ttl",
            "ttl-path",
            "write-time",
            "null-policy",
            "delete-on-null",
            "consistency",
            "if-not-exists",
            "counters",
            "ttl-unit",
            "write-time-unit",
            "primary-key",
            "column-types");

    private static final Set<String> PASS_THROUGH_KEYS = Set.of(
            "value-format",
            "key-format",
            "avro-schema",
            "avro-schema.key",
            "schema-registry-url",
            "dead-letter-topic",
            "error-policy",
            "retry-attempts",
            "retry-backoff",
            "filter",
            "hook",
            "group-id",
            "concurrency");

    private final WriteOptions writeOptions;
    private final TemporalOptions temporal;
    private final EpochUnit ttlUnit;
    private final EpochUnit writeTimeUnit;

    private RouteOptions(
            WriteOptions writeOptions, TemporalOptions temporal, EpochUnit ttlUnit, EpochUnit writeTimeUnit) {
        this.writeOptions = writeOptions;
        this.temporal = temporal;
        this.ttlUnit = ttlUnit;
        this.writeTimeUnit = writeTimeUnit;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** How the route's columns read time. */
    TemporalOptions temporal() {
        return temporal;
    }

    /** The unit of numbers read from {@code ttl-path}: {@code ttl-unit}, seconds by default. */
    EpochUnit ttlUnit() {
        return ttlUnit;
    }

    /** The unit of numbers read from a {@code write-time=path:} path: {@code write-time-unit}, microseconds by default. */
    EpochUnit writeTimeUnit() {
        return writeTimeUnit;
    }

    static RouteOptions read(String route, Map<String, String> properties, List<MappingProblem> problems) {
        Map<String, String> sorted = new TreeMap<>(properties);
        for (String key : sorted.keySet()) {
            if (!OWN_KEYS.contains(key)
                    && !PASS_THROUGH_KEYS.contains(key)
                    && !TemporalOptions.owns(key)
                    && !TextJsonOptions.owns(key)
                    && !CustomCql.owns(key)) {
                String instead = ForeignPropertyKeys.instead(key);
                problems.add(MappingProblem.ofOption(
                        route,
                        key,
                        null,
                        instead != null
                                ? "unknown property '" + key + "': write " + instead + " instead"
                                : "unknown property '" + key + "' (known: " + new TreeSet<>(OWN_KEYS) + ", "
                                        + TemporalOptions.keys() + " and " + TextJsonOptions.KEY
                                        + " each also as <key>.<column>, " + CustomCql.KEY + " with "
                                        + CustomCql.BIND + ".<marker>, and for other stages "
                                        + new TreeSet<>(PASS_THROUGH_KEYS) + ")"));
            }
        }
        if (!properties.containsKey(CustomCql.KEY)) {
            sorted.keySet().stream()
                    .filter(CustomCql::owns)
                    .forEach(key -> problems.add(MappingProblem.ofOption(
                            route, key, null, key + " binds a marker, but the route has no cql of its own")));
        }
        TemporalOptions temporal = TemporalOptions.read(route, sorted, problems);
        EpochUnit ttlUnit = unit(route, properties, "ttl-unit", EpochUnit.SECONDS, problems);
        EpochUnit writeTimeUnit = unit(route, properties, "write-time-unit", EpochUnit.MICROSECONDS, problems);
        Integer ttl = null;
        String ttlText = properties.get("ttl");
        if (ttlText != null) {
            try {
                ttl = Integer.valueOf(ttlText.strip());
                if (ttl < 0 || ttl > MAX_TTL_SECONDS) {
                    problems.add(MappingProblem.ofOption(
                            route, "ttl", null, "ttl must be 0.." + MAX_TTL_SECONDS + " seconds, not " + ttlText));
                    ttl = null;
                }
            } catch (NumberFormatException e) {
                problems.add(MappingProblem.ofOption(
                        route, "ttl", null, "ttl must be whole seconds, not '" + ttlText + "'"));
            }
        }
        String ttlPath = properties.get("ttl-path");
        if (ttlText != null && ttlPath != null) {
            problems.add(new MappingProblem(route, ttlPath, null, "give either ttl or ttl-path, not both", "ttl-path"));
        }
        WriteOptions.WriteTime writeTime = WriteOptions.WriteTime.NONE;
        String writeTimePath = null;
        String writeTimeText = properties.getOrDefault("write-time", "none").strip();
        if (writeTimeText.startsWith("path:")) {
            writeTime = WriteOptions.WriteTime.PATH;
            writeTimePath = writeTimeText.substring("path:".length()).strip();
        } else {
            switch (writeTimeText.toLowerCase(Locale.ROOT)) {
                case "none" -> writeTime = WriteOptions.WriteTime.NONE;
                case "record-timestamp" -> writeTime = WriteOptions.WriteTime.RECORD_TIMESTAMP;
                default ->
                    problems.add(MappingProblem.ofOption(
                            route,
                            "write-time",
                            null,
                            "write-time must be none, record-timestamp or path:<path>, not '" + writeTimeText + "'"));
            }
        }
        WriteOptions.NullPolicy nullPolicy = WriteOptions.NullPolicy.UNSET;
        String nullPolicyText = properties.getOrDefault("null-policy", "unset").strip();
        switch (nullPolicyText.toLowerCase(Locale.ROOT)) {
            case "unset" -> nullPolicy = WriteOptions.NullPolicy.UNSET;
            case "write-null" -> nullPolicy = WriteOptions.NullPolicy.WRITE_NULL;
            default ->
                problems.add(MappingProblem.ofOption(
                        route,
                        "null-policy",
                        null,
                        "null-policy must be unset or write-null, not '" + nullPolicyText + "'"));
        }
        String consistency = properties.get("consistency");
        if (consistency != null) {
            consistency = consistency.strip().toUpperCase(Locale.ROOT);
            try {
                DefaultConsistencyLevel.valueOf(consistency);
            } catch (IllegalArgumentException e) {
                problems.add(MappingProblem.ofOption(
                        route,
                        "consistency",
                        null,
                        "consistency '" + properties.get("consistency") + "' is not a consistency level (e.g. "
                                + "LOCAL_ONE, LOCAL_QUORUM, QUORUM, ONE, ALL, EACH_QUORUM)"));
            }
        }
        boolean deleteOnNull = flag(route, properties, "delete-on-null", problems);
        boolean ifNotExists = flag(route, properties, "if-not-exists", problems);
        boolean counters = flag(route, properties, "counters", problems);
        if (ifNotExists && writeTime != WriteOptions.WriteTime.NONE) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "if-not-exists",
                    null,
                    "if-not-exists cannot be combined with write-time: Cassandra refuses a custom "
                            + "timestamp on a conditional insert"));
        }
        if (ttlPath == null && properties.containsKey("ttl-unit")) {
            problems.add(MappingProblem.ofOption(
                    route, "ttl-unit", null, "ttl-unit is set but there is no ttl-path to read"));
        }
        if (writeTime != WriteOptions.WriteTime.PATH && properties.containsKey("write-time-unit")) {
            problems.add(MappingProblem.ofOption(
                    route, "write-time-unit", null, "write-time-unit is set but write-time is not path:<path>"));
        }
        WriteRetry retry = WriteRetry.read(route, properties, problems);
        WriteOptions options = new WriteOptions(
                consistency,
                nullPolicy,
                deleteOnNull,
                ttl,
                ttlPath,
                writeTime,
                writeTimePath,
                ifNotExists,
                counters,
                retry);
        return new RouteOptions(options, temporal, ttlUnit, writeTimeUnit);
    }

    private static EpochUnit unit(
            String route,
            Map<String, String> properties,
            String key,
            EpochUnit defaultUnit,
            List<MappingProblem> problems) {
        String text = properties.get(key);
        if (text == null) {
            return defaultUnit;
        }
        EpochUnit unit = EpochUnit.parse(text);
        if (unit == null) {
            problems.add(MappingProblem.ofOption(
                    route, key, null, key + " '" + text + "' is not a unit: use " + EpochUnit.CHOICES));
            return defaultUnit;
        }
        return unit;
    }

    private static boolean flag(
            String route, Map<String, String> properties, String key, List<MappingProblem> problems) {
        String text = properties.get(key);
        if (text == null) {
            return false;
        }
        if (text.strip().equalsIgnoreCase("true")) {
            return true;
        }
        if (!text.strip().equalsIgnoreCase("false")) {
            problems.add(MappingProblem.ofOption(route, key, null, key + " must be true or false, not '" + text + "'"));
        }
        return false;
    }
}
