package io.kcsink.config;

import io.kcsink.mapping.ColumnSpec;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.KcqlSyntaxException;
import io.kcsink.mapping.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the configured routes, in KCQL or in the structured form, into {@link RouteSpec}s, filling in the default
 * keyspace and converting their options (route keys, KCQL {@code PROPERTIES(...)}, a {@code properties:} map) into the
 * one form the mapping reads. Problems are collected, not thrown one at a time, so that start-up reports all of them.
 */
final class RouteSpecs {

    /**
     * A route as read, with where it was configured.
     *
     * @param spec the route
     * @param where the route's place in the configuration, {@code sink.routes[n]}
     * @param optionOrigins where each option (by its key in the mapping's form) was set
     * @param kcql whether the route is written in KCQL
     */
    record Read(RouteSpec spec, String where, Map<String, String> optionOrigins, boolean kcql) {}

    /**
     * A route whose statement does not parse, or that misses its topic or table: it has no spec, but its options
     * can still be checked.
     *
     * @param name the route's name
     * @param where the route's place in the configuration, {@code sink.routes[n]}
     * @param options its options in the mapping's form
     * @param optionOrigins where each option was set
     */
    record Unread(String name, String where, Map<String, String> options, Map<String, String> optionOrigins) {}

    private RouteSpecs() {}

    static List<RouteSpec> read(
            SinkProperties properties, @Nullable String defaultKeyspace, List<SinkProblem> problems) {
        return readAll(properties, defaultKeyspace, problems, new ArrayList<>()).stream()
                .map(Read::spec)
                .toList();
    }

    /** The routes as read; {@code unread} receives those that have no spec. */
    static List<Read> readAll(
            SinkProperties properties,
            @Nullable String defaultKeyspace,
            List<SinkProblem> problems,
            List<Unread> unread) {
        List<Read> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<SinkProperties.Route> routes = properties.routes();
        if (routes.isEmpty()) {
            problems.add(SinkProblem.of("sink.routes", "is empty: add at least one route"));
        }
        for (int i = 0; i < routes.size(); i++) {
            SinkProperties.Route route = routes.get(i);
            String where = "sink.routes[" + i + "]";
            String name = name(route, i);
            for (Read read : readOne(name, where, route, problems, unread)) {
                RouteSpec spec = read.spec();
                if (!names.add(spec.name())) {
                    problems.add(SinkProblem.ofRoute(where + ".name", spec.name(), "another route has the same name"));
                }
                if (spec.keyspace() == null && defaultKeyspace == null) {
                    problems.add(SinkProblem.ofRoute(
                            where + (read.kcql() ? ".kcql" : ".table"),
                            spec.name(),
                            "table '" + spec.table() + "' has no keyspace; write it as keyspace.table or set"
                                    + " spring.cassandra.keyspace-name"));
                    continue;
                }
                specs.add(spec.keyspace() != null ? read : withKeyspace(read, defaultKeyspace));
            }
        }
        return specs;
    }

    /** The name of the route at {@code index}: its own, or {@code route-<index + 1>}. */
    static String name(SinkProperties.Route route, int index) {
        String name = route.name();
        return name != null ? name : "route-" + (index + 1);
    }

    private static List<Read> readOne(
            String name, String where, SinkProperties.Route route, List<SinkProblem> problems, List<Unread> unread) {
        // The options of the route's own keys, then those of its properties: map under them, then its KCQL's over both.
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (!route.properties().isEmpty()) {
            SinkProperties.Route typed =
                    RouteOptionBinding.fromKcql(route.properties(), name, where + ".properties", problems);
            RouteOption.kcqlForm(typed, where + ".properties").forEach((key, value) -> {
                options.put(key, value.value());
                origins.put(key, where + ".properties." + key);
            });
        }
        RouteOption.kcqlForm(route, where).forEach((key, value) -> {
            options.put(key, value.value());
            origins.put(key, value.where());
        });
        boolean structured = route.topic() != null
                || !route.topics().isEmpty()
                || route.topicPattern() != null
                || route.table() != null;
        String kcql = route.kcql();
        if (kcql != null) {
            if (structured) {
                problems.add(
                        SinkProblem.ofRoute(where, name, "give either 'kcql' or 'topic'/'table'/'columns', not both"));
                unread.add(new Unread(name, where, options, origins));
                return List.of();
            }
            List<RouteSpec> parsed;
            try {
                parsed = Kcql.parse(name, kcql);
            } catch (KcqlSyntaxException ex) {
                problems.add(SinkProblem.ofRoute(where + ".kcql", name, String.valueOf(ex.getMessage())));
                unread.add(new Unread(name, where, options, origins));
                return List.of();
            }
            List<Read> reads = new ArrayList<>();
            for (RouteSpec spec : parsed) {
                Map<String, String> merged = new LinkedHashMap<>(options);
                Map<String, String> mergedOrigins = new LinkedHashMap<>(origins);
                if (!spec.properties().isEmpty()) {
                    String at = where + ".kcql PROPERTIES";
                    SinkProperties.Route typed =
                            RouteOptionBinding.fromKcql(spec.properties(), spec.name(), at, problems);
                    RouteOption.kcqlForm(typed, at).forEach((key, value) -> {
                        merged.put(key, value.value());
                        mergedOrigins.put(key, at + " '" + key + "'");
                    });
                }
                reads.add(new Read(withProperties(spec, merged), where, mergedOrigins, true));
            }
            return reads;
        }
        List<String> topics = new ArrayList<>(route.topics());
        if (route.topic() != null) {
            topics.add(0, route.topic());
        }
        if (topics.isEmpty() && route.topicPattern() == null) {
            problems.add(SinkProblem.ofRoute(
                    where, name, "give 'kcql', or 'topic' (or 'topics' or 'topic-pattern') and 'table'"));
            unread.add(new Unread(name, where, options, origins));
            return List.of();
        }
        String table = route.table();
        if (table == null) {
            problems.add(SinkProblem.ofRoute(where + ".table", name, "is missing"));
            unread.add(new Unread(name, where, options, origins));
            return List.of();
        }
        String keyspace = null;
        int dot = table.indexOf('.');
        if (dot > 0) {
            keyspace = identifier(table.substring(0, dot));
            table = table.substring(dot + 1);
        }
        List<ColumnSpec> columns = new ArrayList<>();
        route.columns().forEach((column, path) -> columns.add(new ColumnSpec(identifier(column), path)));
        return List.of(new Read(
                new RouteSpec(
                        name,
                        List.copyOf(topics),
                        route.topicPattern(),
                        keyspace,
                        identifier(table),
                        List.copyOf(columns),
                        columns.isEmpty(),
                        Set.of(),
                        Map.copyOf(options)),
                where,
                origins,
                false));
    }

    /** A CQL identifier as stored: unquoted names are case-insensitive (lower case), quoted ones keep their case. */
    static String identifier(String cql) {
        String trimmed = cql.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"");
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
    }

    private static Read withKeyspace(Read read, @Nullable String keyspace) {
        RouteSpec spec = read.spec();
        return new Read(
                new RouteSpec(
                        spec.name(),
                        spec.topics(),
                        spec.topicPattern(),
                        keyspace,
                        spec.table(),
                        spec.columns(),
                        spec.selectAll(),
                        spec.ignored(),
                        spec.properties()),
                read.where(),
                read.optionOrigins(),
                read.kcql());
    }

    private static RouteSpec withProperties(RouteSpec spec, Map<String, String> properties) {
        return new RouteSpec(
                spec.name(),
                spec.topics(),
                spec.topicPattern(),
                spec.keyspace(),
                spec.table(),
                spec.columns(),
                spec.selectAll(),
                spec.ignored(),
                Map.copyOf(properties));
    }
}
