package io.kcsink.config;

import io.kcsink.format.RecordDecoder;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.MappingProblem;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.RouteValidationException;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the configured routes against the live schema of their tables, once, at start-up. Every problem of every
 * route is collected and reported together in one {@link SinkConfigurationException}.
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
        List<String> problems = new ArrayList<>();
        List<RouteSpec> specs = RouteSpecs.read(properties, defaultKeyspace, problems);
        schemas.refresh();
        List<SinkRoute> routes = new ArrayList<>();
        for (RouteSpec spec : specs) {
            // RouteSpecs.read returns only routes with a keyspace, their own or spring.cassandra.keyspace-name.
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
                ex.problems().forEach(problem -> problems.add(describe(problem)));
                continue;
            }
            if (table.isEmpty()) {
                problems.add("route '" + spec.name() + "': table " + spec.keyspace() + "." + spec.table()
                        + " does not exist");
                continue;
            }
            RoutePlan plan;
            try {
                plan = RoutePlanCompiler.compile(spec, table.get());
            } catch (RouteValidationException ex) {
                for (MappingProblem problem : ex.problems()) {
                    problems.add(describe(problem));
                }
                continue;
            }
            logWarnings(plan);
            RecordDecoder keyDecoder;
            RecordDecoder valueDecoder;
            SinkRoute.ErrorPolicy policy;
            try {
                keyDecoder = decoders.keyDecoder(plan.properties());
                valueDecoder = decoders.valueDecoder(plan.properties());
                policy = SinkRoute.ErrorPolicy.of(plan.properties().get("error-policy"));
            } catch (IllegalArgumentException ex) {
                problems.add("route '" + spec.name() + "': " + ex.getMessage());
                continue;
            }
            routes.add(new SinkRoute(
                    plan, keyDecoder, valueDecoder, plan.properties().get("dead-letter-topic"), policy));
        }
        if (!problems.isEmpty()) {
            throw new SinkConfigurationException(problems);
        }
        return new Routes(routes);
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

    private static String describe(MappingProblem problem) {
        StringBuilder text =
                new StringBuilder("route '").append(problem.route()).append('\'');
        if (problem.path() != null) {
            text.append(", path '").append(problem.path()).append('\'');
        }
        if (problem.column() != null) {
            text.append(", column '").append(problem.column()).append('\'');
        }
        return text.append(": ").append(problem.message()).toString();
    }
}
