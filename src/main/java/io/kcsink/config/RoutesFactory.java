package io.kcsink.config;

import io.kcsink.format.RecordDecoder;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.RecordFilter;
import io.kcsink.ingest.RouteHook;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.MappingProblem;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.RouteValidationException;
import io.kcsink.mapping.RowCustomizer;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the configured routes against the live schema of their tables, once, at start-up. Every stage of every
 * route is checked even when an earlier one failed (options, KCQL syntax, formats and schemas, the table, paths and
 * columns), and every problem is reported together in one {@link SinkConfigurationException}.
 */
final class RoutesFactory {

    private static final Logger log = LoggerFactory.getLogger(RoutesFactory.class);

    private RoutesFactory() {}

    static Routes create(
            SinkProperties properties,
            @Nullable String defaultKeyspace,
            TableSchemaReader schemas,
            SchemaChanges changes,
            RecordDecoders decoders) {
        return create(properties, List.of(), defaultKeyspace, schemas, changes, decoders);
    }

    /**
     * @param bindingProblems what binding {@code sink.*} found: values that do not convert, keys that are no route key
     */
    static Routes create(
            SinkProperties properties,
            List<SinkProblem> bindingProblems,
            @Nullable String defaultKeyspace,
            TableSchemaReader schemas,
            SchemaChanges changes,
            RecordDecoders decoders) {
        return create(properties, bindingProblems, defaultKeyspace, schemas, changes, decoders, Map.of());
    }

    /** @param hooks the {@link RowCustomizer} beans by name, which routes name in their {@code hook} key */
    static Routes create(
            SinkProperties properties,
            List<SinkProblem> bindingProblems,
            @Nullable String defaultKeyspace,
            TableSchemaReader schemas,
            SchemaChanges changes,
            RecordDecoders decoders,
            Map<String, RowCustomizer> hooks) {
        List<SinkProblem> problems = new ArrayList<>(bindingProblems);
        List<RouteSpecs.Unread> unread = new ArrayList<>();
        List<RouteSpecs.Read> reads = RouteSpecs.readAll(properties, defaultKeyspace, problems, unread);
        for (RouteSpecs.Unread route : unread) {
            RouteSpec options =
                    new RouteSpec(route.name(), List.of(), null, null, "", List.of(), true, Set.of(), route.options());
            for (MappingProblem problem : RoutePlanCompiler.optionProblems(options)) {
                String option = problem.option();
                String origin = option == null ? null : route.optionOrigins().get(option);
                problems.add(SinkProblem.of(origin != null ? origin : route.where(), problem));
            }
            decoders(route.name(), route.where(), route.options(), route.optionOrigins(), decoders, problems);
            groupProblems(route.name(), route.where(), route.options(), route.optionOrigins(), problems);
        }
        schemas.refresh();
        List<SinkRoute> routes = new ArrayList<>();
        for (RouteSpecs.Read read : reads) {
            SinkRoute route = compile(read, properties, schemas, changes, decoders, hooks, problems);
            if (route != null) {
                routes.add(route);
            }
        }
        if (!problems.isEmpty()) {
            throw new SinkConfigurationException(problems);
        }
        return new Routes(routes);
    }

    private static @Nullable SinkRoute compile(
            RouteSpecs.Read read,
            SinkProperties properties,
            TableSchemaReader schemas,
            SchemaChanges changes,
            RecordDecoders decoders,
            Map<String, RowCustomizer> hooks,
            List<SinkProblem> problems) {
        RouteSpec spec = read.spec();
        Decoders routeDecoders =
                decoders(spec.name(), read.where(), spec.properties(), read.optionOrigins(), decoders, problems);
        groupProblems(spec.name(), read.where(), spec.properties(), read.optionOrigins(), problems);
        int problemsBefore = problems.size();
        RecordFilter filter = filter(read, problems);
        RouteHook hook = hook(read, hooks, problems);
        boolean stepsFailed = problems.size() > problemsBefore;
        // RouteSpecs.readAll returns only routes with a keyspace, their own or spring.cassandra.keyspace-name.
        String keyspace = Objects.requireNonNull(spec.keyspace(), "route without a keyspace");
        Optional<TableSchema> table = schemas.read(keyspace, spec.table());
        try {
            if (table.isEmpty() && properties.schema().createMissingTables()) {
                changes.createTable(spec);
                schemas.refresh();
                table = schemas.read(keyspace, spec.table());
            }
            if (table.isPresent()
                    && properties.schema().addMissingColumns()
                    && !changes.addMissingColumns(spec, table.get()).isEmpty()) {
                schemas.refresh();
                table = schemas.read(keyspace, spec.table());
            }
        } catch (RouteValidationException ex) {
            ex.problems().forEach(problem -> problems.add(SinkProblem.of(origin(problem, read), problem)));
            return null;
        }
        if (table.isEmpty()) {
            problems.add(SinkProblem.ofRoute(
                    read.where() + (read.kcql() ? ".kcql" : ".table"),
                    spec.name(),
                    "table " + spec.keyspace() + "." + spec.table() + " does not exist"));
            // The options do not depend on the table: check them anyway.
            RoutePlanCompiler.optionProblems(spec)
                    .forEach(problem -> problems.add(SinkProblem.of(origin(problem, read), problem)));
            return null;
        }
        RoutePlan plan;
        try {
            plan = RoutePlanCompiler.compile(spec, table.get(), schemas::prepare);
        } catch (RouteValidationException ex) {
            ex.problems().forEach(problem -> problems.add(SinkProblem.of(origin(problem, read), problem)));
            return null;
        }
        logWarnings(plan);
        if (routeDecoders == null || stepsFailed) {
            return null;
        }
        SinkRoute.ErrorPolicy policy =
                SinkRoute.ErrorPolicy.of(plan.properties().get("error-policy"));
        return new SinkRoute(
                plan,
                routeDecoders.key(),
                routeDecoders.value(),
                plan.properties().get("dead-letter-topic"),
                policy,
                filter,
                hook);
    }

    /** The route's filter compiled, or null when it has none or after adding the problem its text has. */
    static @Nullable RecordFilter filter(RouteSpecs.Read read, List<SinkProblem> problems) {
        String text = read.spec().properties().get("filter");
        if (text == null) {
            return null;
        }
        try {
            return RecordFilter.compile(text);
        } catch (IllegalArgumentException ex) {
            problems.add(SinkProblem.ofRoute(
                    read.optionOrigins().getOrDefault("filter", read.where() + ".filter"),
                    read.spec().name(),
                    "filter " + ex.getMessage()));
            return null;
        }
    }

    /** The bean the route's hook names, or null when it has none or after adding the problem of an unknown name. */
    private static @Nullable RouteHook hook(
            RouteSpecs.Read read, Map<String, RowCustomizer> hooks, List<SinkProblem> problems) {
        String bean = read.spec().properties().get("hook");
        if (bean == null) {
            return null;
        }
        RowCustomizer customizer = hooks.get(bean.strip());
        if (customizer == null) {
            problems.add(SinkProblem.ofRoute(
                    read.optionOrigins().getOrDefault("hook", read.where() + ".hook"),
                    read.spec().name(),
                    "hook '" + bean + "' is no bean of type " + RowCustomizer.class.getName()
                            + (hooks.isEmpty()
                                    ? " (there is none)"
                                    : " (the beans: " + String.join(", ", new java.util.TreeSet<>(hooks.keySet()))
                                            + ")")));
            return null;
        }
        return new RouteHook(bean.strip(), customizer);
    }

    /** Logs a plan's warnings at WARN: compiled once per start-up, each (one per route and column) is logged once. */
    static void logWarnings(RoutePlan plan) {
        plan.warnings()
                .forEach(warning -> log.warn(
                        "route={} column={} path={} {}",
                        warning.route(),
                        warning.column(),
                        warning.path(),
                        warning.message()));
    }

    record Decoders(RecordDecoder key, RecordDecoder value) {}

    /** The route's decoders, or null after adding a problem for each one its options cannot make. */
    static @Nullable Decoders decoders(
            String route,
            String where,
            Map<String, String> options,
            Map<String, String> origins,
            RecordDecoders decoders,
            List<SinkProblem> problems) {
        RecordDecoder key = null;
        RecordDecoder value = null;
        try {
            key = decoders.keyDecoder(options);
        } catch (IllegalArgumentException ex) {
            String origin = origins.getOrDefault(
                    options.containsKey("avro-schema.key") ? "avro-schema.key" : "key-format", where);
            problems.add(SinkProblem.ofRoute(origin, route, "key: " + ex.getMessage()));
        }
        try {
            value = decoders.valueDecoder(options);
        } catch (IllegalArgumentException ex) {
            String origin =
                    origins.getOrDefault(options.containsKey("avro-schema") ? "avro-schema" : "value-format", where);
            problems.add(SinkProblem.ofRoute(origin, route, String.valueOf(ex.getMessage())));
        }
        return key != null && value != null ? new Decoders(key, value) : null;
    }

    /**
     * Adds a problem for a blank {@code group-id}, a {@code concurrency} below 1, and a {@code concurrency} without a
     * {@code group-id} (the default group's container takes {@code spring.kafka.listener.concurrency}). A concurrency
     * that is no number is reported by the binding.
     */
    static void groupProblems(
            String route,
            String where,
            Map<String, String> options,
            Map<String, String> origins,
            List<SinkProblem> problems) {
        String groupId = options.get("group-id");
        if (groupId != null && groupId.isBlank()) {
            problems.add(SinkProblem.ofRoute(
                    origins.getOrDefault("group-id", where),
                    route,
                    "group-id is blank; name the route's Kafka consumer group, or leave group-id out to share"
                            + " spring.kafka.consumer.group-id"));
        }
        String concurrency = options.get("concurrency");
        if (concurrency == null) {
            return;
        }
        String origin = origins.getOrDefault("concurrency", where);
        try {
            int consumers = Integer.parseInt(concurrency.trim());
            if (consumers < 1) {
                problems.add(SinkProblem.ofRoute(
                        origin,
                        route,
                        "concurrency is " + consumers + "; the route's group needs at least 1 consumer"));
            }
        } catch (NumberFormatException ex) {
            // Reported by the binding as a value that does not convert.
            return;
        }
        if (groupId == null) {
            problems.add(SinkProblem.ofRoute(
                    origin,
                    route,
                    "concurrency applies to the listener container of the route's own group-id; set group-id, or set"
                            + " spring.kafka.listener.concurrency for the routes that share the default group"));
        }
    }

    /** Where a problem the mapping found was configured: its option's key, the route's KCQL, or the route. */
    static String origin(MappingProblem problem, RouteSpecs.Read read) {
        String option = problem.option();
        if (option != null) {
            String origin = read.optionOrigins().get(option);
            if (origin != null) {
                return origin;
            }
        }
        if (read.kcql()) {
            return read.where() + ".kcql";
        }
        return problem.path() != null && problem.column() != null ? read.where() + ".columns" : read.where();
    }
}
