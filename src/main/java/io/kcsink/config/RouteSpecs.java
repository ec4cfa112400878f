package io.kcsink.config;

import io.kcsink.mapping.ColumnSpec;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.KcqlSyntaxException;
import io.kcsink.mapping.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the configured routes, in KCQL or in the structured form, into {@link RouteSpec}s, filling in the default
 * keyspace. Problems are collected, not thrown one at a time, so that start-up reports all of them.
 */
final class RouteSpecs {

    private RouteSpecs() {}

    static List<RouteSpec> read(SinkProperties properties, @Nullable String defaultKeyspace, List<String> problems) {
        List<RouteSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<SinkProperties.Route> routes = properties.routes();
        if (routes.isEmpty()) {
            problems.add("no routes are configured: add at least one under 'sink.routes'");
        }
        for (int i = 0; i < routes.size(); i++) {
            SinkProperties.Route route = routes.get(i);
            String name = route.name() != null ? route.name() : "route-" + (i + 1);
            for (RouteSpec spec : readOne(name, route, problems)) {
                if (!names.add(spec.name())) {
                    problems.add("route '" + spec.name() + "': another route has the same name");
                }
                if (spec.keyspace() == null && defaultKeyspace == null) {
                    problems.add("route '" + spec.name() + "', table '" + spec.table()
                            + "': no keyspace; write it as keyspace.table or set spring.cassandra.keyspace-name");
                    continue;
                }
                specs.add(spec.keyspace() != null ? spec : withKeyspace(spec, defaultKeyspace));
            }
        }
        return specs;
    }

    private static List<RouteSpec> readOne(String name, SinkProperties.Route route, List<String> problems) {
        boolean structured = route.topic() != null
                || !route.topics().isEmpty()
                || route.topicPattern() != null
                || route.table() != null;
        if (route.kcql() != null) {
            if (structured) {
                problems.add("route '" + name + "': give either 'kcql' or 'topic'/'table'/'columns', not both");
                return List.of();
            }
            try {
                List<RouteSpec> parsed = Kcql.parse(name, route.kcql());
                return parsed.stream()
                        .map(spec -> withProperties(spec, route.properties()))
                        .toList();
            } catch (KcqlSyntaxException ex) {
                problems.add("route '" + name + "': " + ex.getMessage());
                return List.of();
            }
        }
        List<String> topics = new ArrayList<>(route.topics());
        if (route.topic() != null) {
            topics.add(0, route.topic());
        }
        if (topics.isEmpty() && route.topicPattern() == null) {
            problems.add("route '" + name + "': give 'kcql', or 'topic' (or 'topics' or 'topic-pattern') and 'table'");
            return List.of();
        }
        if (route.table() == null) {
            problems.add("route '" + name + "': 'table' is missing");
            return List.of();
        }
        String keyspace = null;
        String table = route.table();
        int dot = table.indexOf('.');
        if (dot > 0) {
            keyspace = identifier(table.substring(0, dot));
            table = table.substring(dot + 1);
        }
        List<ColumnSpec> columns = new ArrayList<>();
        route.columns().forEach((column, path) -> columns.add(new ColumnSpec(identifier(column), path)));
        return List.of(new RouteSpec(
                name,
                List.copyOf(topics),
                route.topicPattern(),
                keyspace,
                identifier(table),
                List.copyOf(columns),
                columns.isEmpty(),
                Set.of(),
                Map.copyOf(route.properties())));
    }

    /** A CQL identifier as stored: unquoted names are case-insensitive (lower case), quoted ones keep their case. */
    static String identifier(String cql) {
        String trimmed = cql.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"");
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
    }

    private static RouteSpec withKeyspace(RouteSpec spec, @Nullable String keyspace) {
        return new RouteSpec(
                spec.name(),
                spec.topics(),
                spec.topicPattern(),
                keyspace,
                spec.table(),
                spec.columns(),
                spec.selectAll(),
                spec.ignored(),
                spec.properties());
    }

    private static RouteSpec withProperties(RouteSpec spec, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return spec;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(extra);
        merged.putAll(spec.properties());
        return new RouteSpec(
                spec.name(),
                spec.topics(),
                spec.topicPattern(),
                spec.keyspace(),
                spec.table(),
                spec.columns(),
                spec.selectAll(),
                spec.ignored(),
                Map.copyOf(merged));
    }
}
