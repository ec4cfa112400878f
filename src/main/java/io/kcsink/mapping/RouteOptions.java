package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads a route's properties into {@link WriteOptions} and timestamp patterns, collecting a problem for every unknown
 * key and bad value. Keys owned by other stages (formats, dead letters) are accepted untouched.
 */
final class RouteOptions {

    /** Cassandra's maximum TTL: 20 years. */
    static final int MAX_TTL_SECONDS = 630_720_000;

    static final String TIMESTAMP_PATTERN = "timestamp-pattern";

    private static final Set<String> OWN_KEYS = Set.of(
            "ttl",
            "ttl-path",
            "write-time",
            "null-policy",
            "delete-on-null",
            "consistency",
            "if-not-exists",
            "counters",
            TIMESTAMP_PATTERN,
            "primary-key",
            "column-types");

    private static final Set<String> PASS_THROUGH_KEYS = Set.of(
            "value-format",
            "key-format",
            "avro-schema",
            "avro-schema.key",
            "schema-registry-url",
            "dead-letter-topic",
            "error-policy");

    private final WriteOptions writeOptions;
    private final @Nullable DateTimeFormatter timestampPattern;
    private final Map<String, DateTimeFormatter> columnTimestampPatterns;

    private RouteOptions(
            WriteOptions writeOptions,
            @Nullable DateTimeFormatter timestampPattern,
            Map<String, DateTimeFormatter> columnTimestampPatterns) {
        this.writeOptions = writeOptions;
        this.timestampPattern = timestampPattern;
        this.columnTimestampPatterns = columnTimestampPatterns;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** The timestamp pattern for a column: its own, else the route's, else null (ISO-8601 and epoch millis). */
    @Nullable
    DateTimeFormatter timestampPattern(String column) {
        DateTimeFormatter own = columnTimestampPatterns.get(column);
        return own != null ? own : timestampPattern;
    }

    /** Columns named by {@code timestamp-pattern.<column>}, to check they exist. */
    Set<String> patternColumns() {
        return columnTimestampPatterns.keySet();
    }

    static RouteOptions read(String route, Map<String, String> properties, List<MappingProblem> problems) {
        Map<String, String> sorted = new TreeMap<>(properties);
        List<String> unknown = new ArrayList<>();
        Map<String, DateTimeFormatter> columnPatterns = new HashMap<>();
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(TIMESTAMP_PATTERN + ".")) {
                DateTimeFormatter pattern = pattern(route, key, entry.getValue(), problems);
                if (pattern != null) {
                    columnPatterns.put(key.substring(TIMESTAMP_PATTERN.length() + 1), pattern);
                }
            } else if (!OWN_KEYS.contains(key) && !PASS_THROUGH_KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            problems.add(new MappingProblem(
                    route,
                    null,
                    null,
                    "unknown property '" + key + "' (known: " + new TreeSet<>(OWN_KEYS)
                            + ", timestamp-pattern.<column>, and for other stages " + new TreeSet<>(PASS_THROUGH_KEYS)
                            + ")"));
        }
        Integer ttl = null;
        String ttlText = properties.get("ttl");
        if (ttlText != null) {
            try {
                ttl = Integer.valueOf(ttlText.strip());
                if (ttl < 0 || ttl > MAX_TTL_SECONDS) {
                    problems.add(new MappingProblem(
                            route, null, null, "ttl must be 0.." + MAX_TTL_SECONDS + " seconds, not " + ttlText));
                    ttl = null;
                }
            } catch (NumberFormatException e) {
                problems.add(new MappingProblem(route, null, null, "ttl must be whole seconds, not '" + ttlText + "'"));
            }
        }
        String ttlPath = properties.get("ttl-path");
        if (ttlText != null && ttlPath != null) {
            problems.add(new MappingProblem(route, ttlPath, null, "give either ttl or ttl-path, not both"));
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
                    problems.add(new MappingProblem(
                            route,
                            null,
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
                problems.add(new MappingProblem(
                        route, null, null, "null-policy must be unset or write-null, not '" + nullPolicyText + "'"));
        }
        String consistency = properties.get("consistency");
        if (consistency != null) {
            consistency = consistency.strip().toUpperCase(Locale.ROOT);
            try {
                DefaultConsistencyLevel.valueOf(consistency);
            } catch (IllegalArgumentException e) {
                problems.add(new MappingProblem(
                        route,
                        null,
                        null,
                        "consistency '" + properties.get("consistency") + "' is not a consistency level (e.g. "
                                + "LOCAL_ONE, LOCAL_QUORUM, QUORUM, ONE, ALL, EACH_QUORUM)"));
            }
        }
        boolean deleteOnNull = flag(route, properties, "delete-on-null", problems);
        boolean ifNotExists = flag(route, properties, "if-not-exists", problems);
        boolean counters = flag(route, properties, "counters", problems);
        if (ifNotExists && writeTime != WriteOptions.WriteTime.NONE) {
            problems.add(new MappingProblem(
                    route,
                    null,
                    null,
                    "if-not-exists cannot be combined with write-time: Cassandra refuses a custom "
                            + "timestamp on a conditional insert"));
        }
        DateTimeFormatter timestampPattern = null;
        String patternText = properties.get(TIMESTAMP_PATTERN);
        if (patternText != null) {
            timestampPattern = pattern(route, TIMESTAMP_PATTERN, patternText, problems);
        }
        WriteOptions options = new WriteOptions(
                consistency, nullPolicy, deleteOnNull, ttl, ttlPath, writeTime, writeTimePath, ifNotExists, counters);
        return new RouteOptions(options, timestampPattern, Map.copyOf(columnPatterns));
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
            problems.add(new MappingProblem(route, null, null, key + " must be true or false, not '" + text + "'"));
        }
        return false;
    }

    private static @Nullable DateTimeFormatter pattern(
            String route, String key, String pattern, List<MappingProblem> problems) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            problems.add(new MappingProblem(
                    route, null, null, key + " '" + pattern + "' is not a date-time pattern: " + e.getMessage()));
            return null;
        }
    }
}
