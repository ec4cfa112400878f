package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a {@link RouteSpec} against the live {@link TableSchema} into a {@link RoutePlan}: resolves columns, parses
 * paths, picks converters, checks options and builds the CQL. Reports every problem at once.
 */
public final class RoutePlanCompiler {

    private RoutePlanCompiler() {}

    /**
     * @throws RouteValidationException listing every problem: unknown column, unmapped primary key column, a value that
     *     can never convert, a bad option value
     */
    public static RoutePlan compile(RouteSpec spec, TableSchema table) {
        return compile(spec, table, PreparedCql.Preparer.NONE);
    }

    /**
     * Compiles a route; a route with its own statement ({@code cql}) has it prepared by {@code preparer}, so that the
     * cluster judges its columns, syntax and marker types.
     *
     * @throws RouteValidationException listing every problem
     */
    public static RoutePlan compile(RouteSpec spec, TableSchema table, PreparedCql.Preparer preparer) {
        String route = spec.name();
        List<MappingProblem> problems = new ArrayList<>();
        RouteOptions routeOptions = RouteOptions.read(route, spec.properties(), problems);
        TextJsonOptions textJson = TextJsonOptions.read(route, spec.properties(), problems);
        if (spec.properties().containsKey(CustomCql.KEY)) {
            return CustomCqlCompiler.compile(spec, table, preparer, routeOptions, textJson, problems);
        }
        WriteOptions options = routeOptions.writeOptions();
        Map<String, ColumnSchema> byName = new LinkedHashMap<>();
        table.columns().forEach(column -> byName.put(column.name(), column));

        Map<String, CompiledBinding> bindings = new LinkedHashMap<>();
        Set<String> mapped = new HashSet<>(); // columns the route names, even when their mapping has a problem
        FieldPath wildcard = wildcard(spec, problems);
        if (wildcard != null && spec.selectAll()) {
            problems.add(new MappingProblem(
                    route,
                    wildcard.text(),
                    null,
                    "only one of '*' and '<path>.*' fills columns by name; name the other's columns"));
            wildcard = null;
        }
        Binder binder = new Binder(route, routeOptions, textJson, spec, problems);
        for (ColumnSpec columnSpec : spec.columns()) {
            if (columnSpec.column().equals(ColumnSpec.WILDCARD)) {
                continue;
            }
            if (isIgnored(spec, columnSpec.column()) || spec.ignored().contains(columnSpec.path())) {
                continue;
            }
            FieldPath path = parsePath(route, columnSpec.path(), columnSpec.column(), problems);
            ColumnSchema column = resolve(columnSpec.column(), byName);
            if (column == null) {
                problems.add(new MappingProblem(
                        route,
                        columnSpec.path(),
                        columnSpec.column(),
                        "table " + table.keyspace() + "." + table.table() + " has no column '" + columnSpec.column()
                                + "' (columns: " + byName.keySet() + ")"));
                continue;
            }
            if (!mapped.add(column.name())) {
                problems.add(
                        new MappingProblem(route, columnSpec.path(), column.name(), "column is mapped more than once"));
                continue;
            }
            if (path != null) {
                CompiledBinding binding = binder.bind(path, column);
                if (binding != null) {
                    bindings.put(column.name(), binding);
                }
            }
        }
        if (spec.selectAll() || wildcard != null) {
            // '*' and '<path>.*' fill each column the route does not name from the field of the same name.
            for (ColumnSchema column : table.columns()) {
                if (mapped.contains(column.name())) {
                    continue;
                }
                if (isIgnored(spec, column.name())
                        || (wildcard != null
                                && spec.ignored().contains(wildcard.wildcardPrefix() + "." + column.name()))) {
                    if (column.primaryKey()) {
                        problems.add(new MappingProblem(
                                route,
                                column.name(),
                                column.name(),
                                "primary key column is in IGNORE; every primary key column needs a value"));
                    }
                    continue;
                }
                boolean caseInsensitive = column.name().equals(column.name().toLowerCase(Locale.ROOT));
                FieldPath path = wildcard == null
                        ? FieldPath.valueField(column.name(), caseInsensitive)
                        : wildcard.child(column.name(), caseInsensitive);
                CompiledBinding binding = binder.bind(path, column);
                if (binding != null) {
                    bindings.put(column.name(), binding);
                }
            }
        } else {
            for (ColumnSchema column : table.columns()) {
                if (column.primaryKey() && !mapped.contains(column.name())) {
                    problems.add(new MappingProblem(
                            route,
                            null,
                            column.name(),
                            "primary key column is not mapped; add '<path> AS " + column.name() + "'"));
                }
            }
        }
        routeOptions.temporal().checkColumns(route, name -> resolve(name, byName), problems);
        textJson.checkColumns(route, name -> resolve(name, byName), problems);
        FieldPath ttlPath = options.ttlPath() == null ? null : parsePath(route, options.ttlPath(), null, problems);
        FieldPath writeTimePath =
                options.writeTimePath() == null ? null : parsePath(route, options.writeTimePath(), null, problems);
        Pattern topicPattern = null;
        if (spec.topicPattern() != null) {
            try {
                topicPattern = Pattern.compile(spec.topicPattern());
            } catch (PatternSyntaxException e) {
                problems.add(
                        new MappingProblem(route, null, null, "topic pattern is not a regex: " + e.getDescription()));
            }
        }
        if (spec.topics().isEmpty() && spec.topicPattern() == null) {
            problems.add(new MappingProblem(route, null, null, "no topic and no topic pattern"));
        }
        List<CompiledBinding> ordered = new ArrayList<>(bindings.values());
        boolean counterUpdate = checkCounters(route, ordered, options, problems);
        List<ColumnSchema> key =
                table.columns().stream().filter(ColumnSchema::primaryKey).toList();
        List<RoutePlan.DeleteKey> deleteKeys =
                options.deleteOnNull() ? deleteKeys(route, key, bindings, routeOptions, problems) : List.of();
        if (bindings.isEmpty() && problems.isEmpty()) {
            problems.add(new MappingProblem(route, null, null, "maps no column of the table"));
        }
        if (!problems.isEmpty()) {
            throw new RouteValidationException(problems);
        }
        Statement insert;
        if (counterUpdate) {
            // counters first, then the key, in the order of the UPDATE's markers
            List<CompiledBinding> keyLast = new ArrayList<>(
                    ordered.stream().filter(b -> !b.column().primaryKey()).toList());
            for (ColumnSchema column : key) {
                keyLast.add(bindings.get(column.name()));
            }
            ordered = keyLast;
            insert = CqlStatements.counterUpdate(
                    table.keyspace(),
                    table.table(),
                    ordered.stream()
                            .map(CompiledBinding::column)
                            .filter(c -> !c.primaryKey())
                            .toList(),
                    key);
        } else {
            insert = CqlStatements.insert(
                    table.keyspace(),
                    table.table(),
                    ordered.stream().map(CompiledBinding::column).toList(),
                    options);
        }
        // A delete has no value to read a path from: under any write time of the record's, it carries the record's.
        Statement delete = options.deleteOnNull()
                ? CqlStatements.delete(
                        table.keyspace(), table.table(), key, options.writeTime() != WriteOptions.WriteTime.NONE)
                : null;
        TemporalFormat routeTime = routeOptions.temporal().route();
        List<MappingProblem> warnings = GeneratedValues.replayWarnings(route, ordered);
        return new RoutePlan(
                spec,
                table,
                insert,
                delete,
                ordered,
                deleteKeys,
                options,
                ttlPath,
                WriteTimeAndTtlConverters.ttlSeconds(routeOptions.ttlUnit(), RouteOptions.MAX_TTL_SECONDS),
                writeTimePath,
                WriteTimeAndTtlConverters.writeTimeMicros(
                        routeOptions.writeTimeUnit(), routeTime.zone(), routeTime.epochRange()),
                topicPattern,
                warnings);
    }

    /**
     * The problems of a route's options that do not depend on its table, for a route whose table cannot be read: so
     * that a missing table does not hide them.
     */
    public static List<MappingProblem> optionProblems(RouteSpec spec) {
        List<MappingProblem> problems = new ArrayList<>();
        RouteOptions.read(spec.name(), spec.properties(), problems);
        TextJsonOptions.read(spec.name(), spec.properties(), problems);
        return problems;
    }

    /**
     * The {@code CREATE TABLE IF NOT EXISTS} for a route's table, from its {@code primary-key} (e.g. {@code (id), created})
     * and {@code column-types} (e.g. {@code id:int,created:text}) properties; for optional auto-creation.
     *
     * @throws RouteValidationException when the properties are missing or malformed
     */
    public static String createTableCql(RouteSpec spec) {
        return TableDdl.createTableCql(spec);
    }

    /**
     * The single {@code <path>.*} item of a route without {@code *}, or null; a second one, or one named as a column,
     * is a problem.
     */
    private static @Nullable FieldPath wildcard(RouteSpec spec, List<MappingProblem> problems) {
        FieldPath wildcard = null;
        for (ColumnSpec columnSpec : spec.columns()) {
            if (!columnSpec.column().equals(ColumnSpec.WILDCARD)) {
                continue;
            }
            FieldPath path;
            try {
                path = FieldPath.parseSelectItem(columnSpec.path());
            } catch (KcqlSyntaxException e) {
                problems.add(new MappingProblem(
                        spec.name(), columnSpec.path(), null, "path does not parse: " + e.getMessage()));
                continue;
            }
            if (!path.wildcard()) {
                problems.add(new MappingProblem(
                        spec.name(), columnSpec.path(), null, "only a '<path>.*' item goes without a column"));
            } else if (wildcard != null) {
                problems.add(new MappingProblem(
                        spec.name(),
                        columnSpec.path(),
                        null,
                        "only one '<path>.*' per route fills columns by name, and '" + wildcard.text()
                                + "' already does"));
            } else {
                wildcard = path;
            }
        }
        return wildcard;
    }

    /** Compiles one column's binding: picks its converter and checks what can be checked at start-up. */
    record Binder(
            String route,
            RouteOptions routeOptions,
            TextJsonOptions textJson,
            RouteSpec spec,
            List<MappingProblem> problems) {

        // IllegalArgumentException.getMessage() is @Nullable; Converters.forType and RouteOptions.timestampPattern
        // always throw it with a message (mapping/ takes only nullness annotations in this change).
        @SuppressWarnings("NullAway")
        @Nullable
        CompiledBinding bind(FieldPath path, ColumnSchema column) {
            TemporalFormat temporal = routeOptions.temporal().forColumn(column.name());
            if (path.source() == FieldPath.Source.TIMESTAMP) {
                temporal = temporal.forRecordTimestamp();
            }
            Converter converter;
            try {
                converter = Converters.forType(column.type(), temporal);
            } catch (IllegalArgumentException e) {
                problems.add(new MappingProblem(route, path.text(), column.name(), e.getMessage()));
                return null;
            }
            if (column.type().equals(DataTypes.TEXT) && textJson.forColumn(column.name())) {
                converter = TextJsonOptions.converter(converter);
            }
            String refusal = GeneratedValues.refusal(path, column);
            if (refusal != null) {
                problems.add(new MappingProblem(route, path.text(), column.name(), refusal));
                return null;
            }
            Object constant = null;
            for (Object sample : GeneratedValues.samples(path, spec)) {
                try {
                    Object converted = converter.convert(sample);
                    if (path.source() == FieldPath.Source.CONSTANT) {
                        constant = converted;
                    }
                } catch (RuntimeException e) {
                    problems.add(new MappingProblem(
                            route,
                            path.text(),
                            column.name(),
                            "can never convert to " + column.type().asCql(false, true) + ": " + e.getMessage()));
                    return null;
                }
            }
            boolean rawHeader =
                    path.source() == FieldPath.Source.HEADER && column.type().equals(DataTypes.BLOB);
            return new CompiledBinding(column, path, converter, rawHeader, constant);
        }
    }

    private static boolean checkCounters(
            String route, List<CompiledBinding> bindings, WriteOptions options, List<MappingProblem> problems) {
        boolean anyCounter = false;
        for (CompiledBinding binding : bindings) {
            if (binding.column().type().equals(DataTypes.COUNTER)) {
                anyCounter = true;
                if (!options.counters()) {
                    problems.add(new MappingProblem(
                            route,
                            binding.path().text(),
                            binding.column().name(),
                            "column is a counter; set property counters=true to add the value to it"));
                }
            }
        }
        if (!anyCounter || !options.counters()) {
            return false;
        }
        if (options.hasTtl() || options.writeTime() != WriteOptions.WriteTime.NONE || options.ifNotExists()) {
            problems.add(
                    new MappingProblem(route, null, null, "counter updates take no ttl, write-time or if-not-exists"));
        }
        return true;
    }

    private static List<RoutePlan.DeleteKey> deleteKeys(
            String route,
            List<ColumnSchema> key,
            Map<String, CompiledBinding> bindings,
            RouteOptions routeOptions,
            List<MappingProblem> problems) {
        List<RoutePlan.DeleteKey> deleteKeys = new ArrayList<>();
        for (ColumnSchema column : key) {
            CompiledBinding binding = bindings.get(column.name());
            Converter converter;
            try {
                converter = Converters.forType(
                        column.type(), routeOptions.temporal().forColumn(column.name()));
            } catch (IllegalArgumentException e) {
                continue; // reported for the insert already
            }
            if (binding != null && !binding.path().readsValue()) {
                deleteKeys.add(new RoutePlan.DeleteKey(column, binding.path(), converter, false));
            } else {
                boolean caseInsensitive = column.name().equals(column.name().toLowerCase(Locale.ROOT));
                deleteKeys.add(new RoutePlan.DeleteKey(
                        column, FieldPath.keyField(column.name(), caseInsensitive), converter, key.size() == 1));
            }
        }
        return deleteKeys;
    }

    static @Nullable FieldPath parsePath(
            String route, String text, @Nullable String column, List<MappingProblem> problems) {
        try {
            return FieldPath.parse(text);
        } catch (KcqlSyntaxException e) {
            problems.add(new MappingProblem(route, text, column, "path does not parse: " + e.getMessage()));
            return null;
        }
    }

    /** The column by exact name, else by its lower-cased name (how CQL reads an unquoted name). */
    static @Nullable ColumnSchema resolve(String name, Map<String, ColumnSchema> byName) {
        ColumnSchema exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    private static boolean isIgnored(RouteSpec spec, String column) {
        for (String ignored : spec.ignored()) {
            String field = ignored.startsWith("_value.") ? ignored.substring("_value.".length()) : ignored;
            boolean caseInsensitive = column.equals(column.toLowerCase(Locale.ROOT));
            if (caseInsensitive ? field.equalsIgnoreCase(column) : field.equals(column)) {
                return true;
            }
        }
        return false;
    }
}
