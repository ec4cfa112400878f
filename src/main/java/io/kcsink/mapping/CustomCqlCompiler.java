package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a route with its own statement ({@code cql}): reads the statement ({@link CustomCql}), checks that it writes
 * the route's table and that the route's options fit it, adds the {@code USING} of the route's TTL and write time, has
 * the cluster prepare it, and binds each marker the cluster names to a path with the converter of the marker's type.
 * Reports every problem at once.
 */
final class CustomCqlCompiler {

    /** The markers of the {@code USING} the sink adds for the route's {@code ttl} and {@code write-time}. */
    static final String TTL_MARKER = "sink_ttl";

    static final String WRITE_TIME_MARKER = "sink_write_time";

    private CustomCqlCompiler() {}

    static RoutePlan compile(
            RouteSpec spec,
            TableSchema table,
            PreparedCql.Preparer preparer,
            RouteOptions routeOptions,
            TextJsonOptions textJson,
            List<MappingProblem> problems) {
        String route = spec.name();
        WriteOptions options = routeOptions.writeOptions();
        String text = spec.properties().getOrDefault(CustomCql.KEY, "");
        checkOptions(spec, options, problems);
        Map<String, @Nullable FieldPath> bound = boundPaths(spec, problems);
        CustomCql cql = null;
        try {
            cql = CustomCql.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(MappingProblem.ofOption(route, CustomCql.KEY, null, "cql " + e.getMessage()));
        }
        // A statement of another table is not prepared: the cluster would find nothing wrong with it.
        boolean preparable = cql != null && checkStatement(route, cql, table, options, problems);
        FieldPath ttlPath = options.ttlPath() == null
                ? null
                : RoutePlanCompiler.parsePath(route, options.ttlPath(), null, problems);
        FieldPath writeTimePath = options.writeTimePath() == null
                ? null
                : RoutePlanCompiler.parsePath(route, options.writeTimePath(), null, problems);
        Pattern topicPattern = topicPattern(spec, problems);
        if (cql == null || !preparable) {
            throw new RouteValidationException(problems);
        }
        String using = using(cql, options);
        String prepared = using.isEmpty() ? text : cql.withUsing(using);
        PreparedCql markers = preparer.prepare(prepared);
        String refusal = markers.refusal();
        if (refusal != null) {
            problems.add(MappingProblem.ofOption(
                    route, CustomCql.KEY, null, "Cassandra refuses to prepare the route's cql: " + refusal));
            throw new RouteValidationException(problems);
        }
        CustomStatement statement = bind(spec, table, cql, prepared, markers, bound, routeOptions, textJson, problems);
        if (!problems.isEmpty()) {
            throw new RouteValidationException(problems);
        }
        TemporalFormat routeTime = routeOptions.temporal().route();
        return new RoutePlan(
                spec,
                table,
                statement,
                options,
                ttlPath,
                WriteTimeAndTtlConverters.ttlSeconds(routeOptions.ttlUnit(), RouteOptions.MAX_TTL_SECONDS),
                writeTimePath,
                WriteTimeAndTtlConverters.writeTimeMicros(
                        routeOptions.writeTimeUnit(), routeTime.zone(), routeTime.epochRange()),
                topicPattern);
    }

    /** The options that a route's own statement says for itself, or that do not apply to it. */
    private static void checkOptions(RouteSpec spec, WriteOptions options, List<MappingProblem> problems) {
        String route = spec.name();
        if (!spec.columns().isEmpty() || !spec.ignored().isEmpty()) {
            problems.add(MappingProblem.ofOption(
                    route,
                    CustomCql.KEY,
                    null,
                    "a route with its own cql maps no columns: its markers take the value field of their name, or"
                            + " the path of bind.<marker>; remove the route's columns"));
        }
        if (options.deleteOnNull()) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "delete-on-null",
                    null,
                    "delete-on-null does not apply to a route with its own cql; to delete, make the route's cql a"
                            + " DELETE, which takes tombstones"));
        }
        if (options.ifNotExists()) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "if-not-exists",
                    null,
                    "if-not-exists does not apply to a route with its own cql; write IF NOT EXISTS (or an IF"
                            + " condition) in the cql"));
        }
        if (options.counters()) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "counters",
                    null,
                    "counters does not apply to a route with its own cql; write the counter update"
                            + " (SET c = c + :n) in the cql"));
        }
    }

    /** The paths of {@code bind.<marker>}, by marker name as given. */
    private static Map<String, @Nullable FieldPath> boundPaths(RouteSpec spec, List<MappingProblem> problems) {
        Map<String, @Nullable FieldPath> bound = new LinkedHashMap<>();
        spec.properties().forEach((key, value) -> {
            if (!key.startsWith(CustomCql.BIND + ".")) {
                return;
            }
            String marker = key.substring(CustomCql.BIND.length() + 1);
            try {
                bound.put(marker, FieldPath.parse(value));
            } catch (KcqlSyntaxException e) {
                bound.put(marker, null); // reported here; its marker is not bound again
                problems.add(new MappingProblem(
                        spec.name(),
                        value,
                        null,
                        "path of marker :" + marker + " does not parse: " + e.getMessage(),
                        key));
            }
        });
        return bound;
    }

    /** Adds the problems of the statement and the route's options; returns whether it writes the route's table. */
    private static boolean checkStatement(
            String route, CustomCql cql, TableSchema table, WriteOptions options, List<MappingProblem> problems) {
        String keyspace = cql.keyspace() != null ? cql.keyspace() : table.keyspace();
        boolean sameTable = keyspace.equals(table.keyspace()) && cql.table().equals(table.table());
        if (!sameTable) {
            problems.add(MappingProblem.ofOption(
                    route,
                    CustomCql.KEY,
                    null,
                    "the route's cql writes " + keyspace + "." + cql.table() + ", not the route's table "
                            + table.keyspace() + "." + table.table()));
        }
        boolean ttl = options.hasTtl();
        boolean writeTime = options.writeTime() != WriteOptions.WriteTime.NONE;
        if (cql.ownUsing() && (ttl || writeTime)) {
            problems.add(MappingProblem.ofOption(
                    route,
                    ttl ? (options.ttlPath() != null ? "ttl-path" : "ttl") : "write-time",
                    null,
                    "the route's cql has its own USING; give the TTL and write time there (USING TTL :ttl AND"
                            + " TIMESTAMP :ts), not as ttl, ttl-path or write-time"));
        }
        if (cql.kind() == CustomCql.Kind.DELETE && ttl) {
            problems.add(MappingProblem.ofOption(
                    route,
                    options.ttlPath() != null ? "ttl-path" : "ttl",
                    null,
                    "the route's cql is a DELETE, which takes no TTL"));
        }
        return sameTable;
    }

    /** The {@code USING} clause the route's {@code ttl} and {@code write-time} add; empty when they add none. */
    private static String using(CustomCql cql, WriteOptions options) {
        if (cql.ownUsing()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (options.hasTtl()) {
            parts.add("TTL :" + TTL_MARKER);
        }
        if (options.writeTime() != WriteOptions.WriteTime.NONE) {
            parts.add("TIMESTAMP :" + WRITE_TIME_MARKER);
        }
        return parts.isEmpty() ? "" : "USING " + String.join(" AND ", parts);
    }

    private static CustomStatement bind(
            RouteSpec spec,
            TableSchema table,
            CustomCql cql,
            String text,
            PreparedCql prepared,
            Map<String, @Nullable FieldPath> bound,
            RouteOptions routeOptions,
            TextJsonOptions textJson,
            List<MappingProblem> problems) {
        String route = spec.name();
        Map<String, ColumnSchema> byName = new LinkedHashMap<>();
        table.columns().forEach(column -> byName.put(column.name(), column));
        Set<String> usedBindings = new LinkedHashSet<>();
        List<CustomStatement.Marker> markers = new ArrayList<>();
        for (PreparedCql.Marker marker : prepared.markers()) {
            String name = marker.name();
            List<CustomCql.Use> uses = cql.markers().get(name);
            if (uses == null) {
                if (name.equals(TTL_MARKER) || name.equals(WRITE_TIME_MARKER)) {
                    markers.add(new CustomStatement.Marker(
                            name,
                            null,
                            name.equals(TTL_MARKER)
                                    ? CustomStatement.Fill.ROUTE_TTL
                                    : CustomStatement.Fill.ROUTE_WRITE_TIME,
                            null));
                } else {
                    problems.add(MappingProblem.ofOption(
                            route,
                            CustomCql.KEY,
                            null,
                            "the cluster names a marker '" + name + "' that the cql"
                                    + " does not show by that name; name every marker, as in ':id'"));
                }
                continue;
            }
            String column = null;
            for (CustomCql.Use use : uses) {
                if (use.column() != null) {
                    column = use.column();
                    break;
                }
            }
            ColumnSchema tableColumn = column == null ? null : RoutePlanCompiler.resolve(column, byName);
            CustomStatement.Fill fill = fill(cql, uses, byName);
            String option = null;
            FieldPath path = null;
            boolean unparsed = false;
            for (Map.Entry<String, @Nullable FieldPath> entry : bound.entrySet()) {
                if (entry.getKey().equals(name)
                        || CustomCql.unquoted(entry.getKey()).equals(name)) {
                    option = CustomCql.BIND + "." + entry.getKey();
                    path = entry.getValue();
                    unparsed = path == null;
                    usedBindings.add(entry.getKey());
                    break;
                }
            }
            if (unparsed) {
                continue;
            }
            if (path == null) {
                option = CustomCql.KEY;
                path = FieldPath.valueField(name, name.equals(name.toLowerCase(Locale.ROOT)));
            }
            // The marker's own type (an element's, for col[:k]), under the column's name for the column's options.
            ColumnSchema target = new ColumnSchema(
                    tableColumn != null ? tableColumn.name() : name, marker.type(), ColumnSchema.Kind.REGULAR);
            int before = problems.size();
            CompiledBinding binding;
            if (fill == CustomStatement.Fill.USING) {
                binding = usingBinding(
                        route, uses.get(0).role() == CustomCql.Role.TTL, name, path, marker, routeOptions, problems);
            } else {
                binding =
                        new RoutePlanCompiler.Binder(route, routeOptions, textJson, spec, problems).bind(path, target);
            }
            for (int i = before; i < problems.size(); i++) {
                MappingProblem problem = problems.get(i);
                problems.set(
                        i,
                        new MappingProblem(
                                route,
                                path.text(),
                                problem.column(),
                                "marker :" + name + ": " + problem.message(),
                                option));
            }
            if (binding != null) {
                markers.add(new CustomStatement.Marker(name, column, fill, binding));
            }
        }
        for (String key : bound.keySet()) {
            if (!usedBindings.contains(key)) {
                problems.add(MappingProblem.ofOption(
                        route,
                        CustomCql.BIND + "." + key,
                        null,
                        "the route's cql has no marker :" + key + " (its markers: "
                                + prepared.markers().stream()
                                        .map(m -> ":" + m.name())
                                        .distinct()
                                        .toList()
                                + ")"));
            }
        }
        List<ColumnSchema> key =
                table.columns().stream().filter(ColumnSchema::primaryKey).toList();
        int[] keyMarkers = new int[key.size()];
        for (int k = 0; k < key.size(); k++) {
            keyMarkers[k] = -1;
            for (int i = 0; i < markers.size(); i++) {
                CustomStatement.Marker marker = markers.get(i);
                if (marker.fill() == CustomStatement.Fill.REQUIRED
                        && key.get(k).name().equals(marker.column())
                        && keyUse(cql, marker.name())) {
                    keyMarkers[k] = i;
                    break;
                }
            }
        }
        boolean counter = false;
        boolean appends = false;
        for (String assigned : cql.selfAssigned()) {
            ColumnSchema column = RoutePlanCompiler.resolve(assigned, byName);
            counter |= column != null && column.type().equals(DataTypes.COUNTER);
            appends |= column != null && column.type() instanceof ListType;
        }
        return new CustomStatement(
                new Statement(
                        text,
                        prepared.markers().stream()
                                .map(PreparedCql.Marker::type)
                                .toList()),
                cql.kind(),
                markers,
                keyMarkers,
                cql.conditional(),
                counter,
                !cql.conditional() && !counter && !appends);
    }

    /** Whether a marker gives a primary key value: in a WHERE relation or an INSERT's VALUES, not an element key. */
    private static boolean keyUse(CustomCql cql, String marker) {
        for (CustomCql.Use use : cql.markers().getOrDefault(marker, List.of())) {
            if (use.role() == CustomCql.Role.WHERE || use.role() == CustomCql.Role.VALUE) {
                return true;
            }
        }
        return false;
    }

    private static CustomStatement.Fill fill(
            CustomCql cql, List<CustomCql.Use> uses, Map<String, ColumnSchema> byName) {
        boolean condition = false;
        for (CustomCql.Use use : uses) {
            switch (use.role()) {
                case WHERE, ELEMENT -> {
                    return CustomStatement.Fill.REQUIRED;
                }
                case VALUE -> {
                    ColumnSchema column = use.column() == null ? null : RoutePlanCompiler.resolve(use.column(), byName);
                    if (cql.kind() == CustomCql.Kind.INSERT && column != null && column.primaryKey()) {
                        return CustomStatement.Fill.REQUIRED;
                    }
                }
                case CONDITION -> condition = true;
                case TTL, WRITE_TIME -> {
                    return CustomStatement.Fill.USING;
                }
            }
        }
        return condition ? CustomStatement.Fill.CONDITION : CustomStatement.Fill.VALUE;
    }

    /** A {@code USING TTL :m} or {@code USING TIMESTAMP :m} marker: seconds, or microseconds since the epoch. */
    private static @Nullable CompiledBinding usingBinding(
            String route,
            boolean ttl,
            String name,
            FieldPath path,
            PreparedCql.Marker marker,
            RouteOptions routeOptions,
            List<MappingProblem> problems) {
        Converter converter;
        if (ttl) {
            converter = WriteTimeAndTtlConverters.ttlSeconds(EpochUnit.SECONDS, RouteOptions.MAX_TTL_SECONDS);
        } else {
            TemporalFormat time = routeOptions.temporal().route();
            // The record's timestamp is in milliseconds; other numbers are microseconds, as Cassandra's write times.
            EpochUnit unit =
                    path.source() == FieldPath.Source.TIMESTAMP ? EpochUnit.MILLISECONDS : EpochUnit.MICROSECONDS;
            converter = WriteTimeAndTtlConverters.writeTimeMicros(unit, time.zone(), time.epochRange());
        }
        Object constant = null;
        if (path.source() == FieldPath.Source.CONSTANT && path.constant() != null) {
            try {
                constant = converter.convert(path.constant());
            } catch (RuntimeException e) {
                problems.add(new MappingProblem(
                        route,
                        path.text(),
                        null,
                        "can never be a " + (ttl ? "TTL" : "write time") + ": " + e.getMessage()));
                return null;
            }
        }
        ColumnSchema target = new ColumnSchema(name, marker.type(), ColumnSchema.Kind.REGULAR);
        return new CompiledBinding(target, path, converter, false, constant);
    }

    private static @Nullable Pattern topicPattern(RouteSpec spec, List<MappingProblem> problems) {
        if (spec.topics().isEmpty() && spec.topicPattern() == null) {
            problems.add(new MappingProblem(spec.name(), null, null, "no topic and no topic pattern"));
        }
        if (spec.topicPattern() == null) {
            return null;
        }
        try {
            return Pattern.compile(spec.topicPattern());
        } catch (PatternSyntaxException e) {
            problems.add(
                    new MappingProblem(spec.name(), null, null, "topic pattern is not a regex: " + e.getDescription()));
            return null;
        }
    }
}
