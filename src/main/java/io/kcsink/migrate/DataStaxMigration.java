package io.kcsink.migrate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Translates the DataStax Apache Kafka Connector (Cassandra sink): each {@code topic.<topic>.<keyspace>.<table>.*}
 * group becomes a structured route with {@code columns}, its table settings and the topic's {@code codec.*} become
 * options of the route (its own keys, such as {@code consistency} and {@code ttl}, beside {@code columns}), and the
 * connection settings become {@code spring.cassandra.*}.
 */
final class DataStaxMigration {

    static final Pattern TABLE_SETTING = Pattern.compile("topic\\.([a-zA-Z0-9._-]+)\\.([^.]+|\"[^\"]+\")\\."
            + "([^.]+|\"[^\"]+\")\\.(mapping|consistencyLevel|ttl|nullToUnset|deletesEnabled|ttlTimeUnit"
            + "|timestampTimeUnit|query)");
    private static final Pattern PLAIN_KEY = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern NAMED_FORMAT = Pattern.compile("[A-Z_]+");

    private final Translation t;

    /** The topic, keyspace and table of a {@code topic.<topic>.<keyspace>.<table>.*} group, as the connector has them. */
    private record TableId(String topic, String keyspace, String table) {}

    DataStaxMigration(Translation translation) {
        this.t = translation;
    }

    void translate(@Nullable String name) {
        t.connect().translate(name);
        new DataStaxConnection(t).translate();
        routes(errors());
        for (String key : t.settings().keys(key -> key.startsWith("datastax-java-driver."))) {
            t.settings().take(key);
            t.notes()
                    .add(
                            key,
                            "a driver setting: not translated; set the matching spring.cassandra.* property, or"
                                    + " give the driver a configuration file with spring.cassandra.config");
        }
        t.connect().noteTheRest();
    }

    private ErrorHandling errors() {
        String ignore = t.settings().take("ignoreErrors", "None").toUpperCase(Locale.ROOT);
        ErrorHandling.ConnectorErrors connector = switch (ignore) {
            case "ALL" -> ErrorHandling.ConnectorErrors.SKIPS;
            case "DRIVER", "TRUE" -> ErrorHandling.ConnectorErrors.SKIPS_WRITE_FAILURES;
            default -> ErrorHandling.ConnectorErrors.STOPS;
        };
        return t.connect().errors(connector, "ignoreErrors " + ignore);
    }

    private void routes(ErrorHandling errors) {
        Map<TableId, Map<String, String>> tables = new LinkedHashMap<>();
        for (String key : t.settings().keys(key -> key.startsWith("topic."))) {
            Matcher setting = TABLE_SETTING.matcher(key);
            if (setting.matches()) {
                tables.computeIfAbsent(
                                new TableId(setting.group(1), setting.group(2), setting.group(3)),
                                id -> new LinkedHashMap<>())
                        .put(setting.group(4), t.settings().take(key, ""));
            }
        }
        Map<String, String> shared = errors.routeProperties(t.notes());
        RouteNames routeNames = new RouteNames();
        Set<String> read = new LinkedHashSet<>();
        boolean deletes = false;
        for (Map.Entry<TableId, Map<String, String>> table : tables.entrySet()) {
            TableId id = table.getKey();
            Map<String, Object> route =
                    route(id.topic(), id.keyspace(), id.table(), table.getValue(), shared, routeNames);
            if (route != null) {
                t.yaml().addRoute(route);
                read.add(id.topic());
                deletes |= route.containsKey("delete-on-null");
            }
        }
        if (tables.isEmpty()) {
            t.notes().add("topic.<topic>.<keyspace>.<table>.mapping", "none found: no routes written");
        }
        if (deletes) {
            t.notes()
                    .add(
                            "deletesEnabled",
                            "a record with a null value (a tombstone) deletes its row"
                                    + " (delete-on-null), by the primary key read from the record key; a record whose non-key fields"
                                    + " are all null, which the connector took for a delete, writes a row with its key here");
        }
        for (String topic : t.connect().topics()) {
            if (!read.contains(topic)) {
                t.notes()
                        .add(
                                "topics",
                                topic + " has no topic." + topic + ".<keyspace>.<table>.mapping: no route"
                                        + " reads it");
            }
        }
        String regex = t.connect().topicsRegex();
        if (regex != null) {
            t.notes()
                    .add(
                            "topics.regex",
                            "the routes read the topics that have a mapping (" + String.join(", ", read)
                                    + "); a new topic matching " + regex + " is read once a route names it");
        }
    }

    /**
     * A mapping with its own {@code query}: the route's own {@code cql}, each marker bound to the mapping's path of the
     * column of its name, as the connector binds them.
     */
    private Map<String, Object> customQuery(
            String topic,
            String keyspace,
            String table,
            String query,
            List<DataStaxMapping.Entry> entries,
            Map<String, String> settings,
            Map<String, String> shared,
            RouteNames routeNames) {
        String prefix = "topic." + topic + "." + keyspace + "." + table + ".";
        Map<String, String> bind = new LinkedHashMap<>();
        boolean readsKey = false;
        for (DataStaxMapping.Entry entry : entries) {
            readsKey |= entry.path().startsWith("_key");
            if (entry.column().equals(DataStaxMapping.TTL) || entry.column().equals(DataStaxMapping.TIMESTAMP)) {
                t.notes()
                        .add(
                                prefix + "mapping",
                                entry.column() + " is not translated with a query: give it in the"
                                        + " cql as USING TTL :ttl or USING TIMESTAMP :ts");
            } else {
                bind.put(yamlKey(entry.column()), entry.path());
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        String consistency = settings.get("consistencyLevel");
        if (consistency != null && !consistency.isBlank()) {
            properties.put("consistency", consistency.strip().toUpperCase(Locale.ROOT));
        }
        properties.putAll(t.connect().formats(readsKey));
        properties.putAll(shared);
        t.notes().add(prefix + "query", "written as the route's own cql, its markers bound to the mapping's paths");
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", routeNames.next(table));
        route.put("topic", topic);
        route.put("table", cql(keyspace) + "." + cql(table));
        route.put("cql", query.strip());
        route.put("bind", bind);
        properties.forEach((key, value) ->
                route.put(key, value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value));
        return route;
    }

    private @Nullable Map<String, Object> route(
            String topic,
            String keyspace,
            String table,
            Map<String, String> settings,
            Map<String, String> shared,
            RouteNames routeNames) {
        String prefix = "topic." + topic + "." + keyspace + "." + table + ".";
        String mapping = settings.get("mapping");
        if (mapping == null || mapping.isBlank()) {
            t.notes().add(prefix + "mapping", "missing: no route for " + keyspace + "." + table);
            return null;
        }
        List<DataStaxMapping.Entry> entries;
        try {
            entries = DataStaxMapping.parse(mapping);
        } catch (IllegalArgumentException ex) {
            t.notes().add(prefix + "mapping", ex.getMessage() + ": no route for " + keyspace + "." + table);
            return null;
        }
        String query = settings.get("query");
        if (query != null && !query.isBlank()) {
            return customQuery(topic, keyspace, table, query, entries, settings, shared, routeNames);
        }
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        String ttlPath = null;
        String timestampPath = null;
        boolean readsKey = false;
        for (DataStaxMapping.Entry entry : entries) {
            readsKey |= entry.path().startsWith("_key");
            switch (entry.column()) {
                case DataStaxMapping.TTL -> ttlPath = entry.path();
                case DataStaxMapping.TIMESTAMP -> timestampPath = entry.path();
                default -> columns.put(yamlKey(entry.column()), entry.path());
            }
        }
        String consistency = settings.get("consistencyLevel");
        if (consistency != null && !consistency.isBlank()) {
            properties.put("consistency", consistency.strip().toUpperCase(Locale.ROOT));
        }
        String ttl = settings.getOrDefault("ttl", "-1").strip();
        if (ttlPath != null) {
            properties.put("ttl-path", ttlPath);
            unit(properties, "ttl-unit", prefix + "ttlTimeUnit", settings.get("ttlTimeUnit"));
            if (!ttl.equals("-1")) {
                t.notes().add(prefix + "ttl", "the __ttl field gives the TTL, as with the connector: ttl not written");
            }
        } else if (!ttl.equals("-1") && !ttl.equals("0")) {
            properties.put("ttl", ttl);
        }
        if (timestampPath != null) {
            properties.put("write-time", "path:" + timestampPath);
            unit(properties, "write-time-unit", prefix + "timestampTimeUnit", settings.get("timestampTimeUnit"));
        } else {
            // The connector writes each row at its record's timestamp unless the mapping gives __timestamp.
            properties.put("write-time", "record-timestamp");
        }
        if (!Boolean.parseBoolean(settings.getOrDefault("nullToUnset", "true").strip())) {
            properties.put("null-policy", "write-null");
        }
        boolean deletes = Boolean.parseBoolean(
                settings.getOrDefault("deletesEnabled", "true").strip());
        if (deletes) {
            properties.put("delete-on-null", "true");
        }
        codecs(topic, properties);
        properties.putAll(t.connect().formats(readsKey || deletes));
        properties.putAll(shared);
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", routeNames.next(table));
        route.put("topic", topic);
        route.put("table", cql(keyspace) + "." + cql(table));
        route.put("columns", columns);
        // The options are keys of the route, each with the name it has in KCQL PROPERTIES(...); a flag as a YAML
        // boolean.
        properties.forEach((key, value) ->
                route.put(key, value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value));
        return route;
    }

    /** The topic's {@code codec.*}: how text and numbers are read as timestamps, dates and times. */
    private void codecs(String topic, Map<String, String> properties) {
        String prefix = "topic." + topic + ".codec.";
        String zone = t.settings().take(prefix + "timeZone");
        if (zone != null && !zone.equals("UTC")) {
            properties.put("time-zone", zone);
        }
        String unit = t.settings().take(prefix + "unit");
        if (unit != null && !unit.equalsIgnoreCase("MILLISECONDS")) {
            unit(properties, "timestamp-unit", prefix + "unit", unit);
        }
        pattern(properties, "timestamp-pattern", prefix + "timestamp", "CQL_TIMESTAMP");
        pattern(properties, "date-pattern", prefix + "date", "ISO_LOCAL_DATE");
        pattern(properties, "time-pattern", prefix + "time", "ISO_LOCAL_TIME");
        String locale = t.settings().take(prefix + "locale");
        if (locale != null && !locale.equals("en_US")) {
            t.notes().add(prefix + "locale", "not translated: patterns are read with English names of months and days");
        }
    }

    private void pattern(Map<String, String> properties, String property, String key, String connectorDefault) {
        String pattern = t.settings().take(key);
        if (pattern == null || pattern.equals(connectorDefault)) {
            return;
        }
        if (NAMED_FORMAT.matcher(pattern).matches()) {
            t.notes()
                    .add(
                            key,
                            "the named format " + pattern + " is not translated: the service reads ISO-8601 text;"
                                    + " give a pattern as " + property + " if that is not enough");
            return;
        }
        properties.put(property, pattern);
    }

    private void unit(Map<String, String> properties, String property, String key, @Nullable String timeUnit) {
        if (timeUnit == null || timeUnit.isBlank()) {
            return;
        }
        String unit = switch (timeUnit.strip().toUpperCase(Locale.ROOT)) {
            case "SECONDS" -> "s";
            case "MILLISECONDS" -> "ms";
            case "MICROSECONDS" -> "us";
            case "NANOSECONDS" -> "ns";
            default -> null;
        };
        if (unit == null) {
            t.notes()
                    .add(
                            key,
                            timeUnit + " is not a unit the service reads (SECONDS, MILLISECONDS, MICROSECONDS,"
                                    + " NANOSECONDS): not translated");
            return;
        }
        properties.put(property, unit);
    }

    /** A table or keyspace the connector took as written (case and all) as CQL. */
    private static String cql(String identifier) {
        if (identifier.startsWith("\"") || identifier.matches("[a-z_][a-z0-9_]*")) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A column as a map key that Spring Boot binds unchanged: plain, or in quoted brackets. */
    private static String yamlKey(String column) {
        return PLAIN_KEY.matcher(column).matches() ? column : "[" + column + "]";
    }

    private void note(String key, String why) {
        if (t.settings().has(key)) {
            t.settings().take(key);
            t.notes().add(key, why);
        }
    }
}
