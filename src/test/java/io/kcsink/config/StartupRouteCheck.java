package io.kcsink.config;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.RecordDecoders;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.ColumnSpec;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.RouteValidationException;
import io.kcsink.mapping.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * What start-up makes of an {@code application.yml}, up to the live-schema check: the routes bound by Spring Boot as
 * the service binds {@code sink.*}, read into {@link RouteSpec}s by {@link RouteSpecs}, compiled, and given their
 * decoders and error policy as {@link RoutesFactory} does. Needs no Kafka and no Cassandra.
 *
 * <p>Compiling needs a table. The one used here is a stand-in made of the route's own columns (those it maps and those
 * its column-scoped time properties name; a {@code SELECT *} route without either gets one column), each a regular
 * {@code text} column except that a column named by {@code timestamp-patterns} (or another per-column time option) has the
 * type the option is for: it lets the compiler check what does not depend on the table (property
 * keys and values, paths, the topic pattern), and says nothing about whether the route fits its real table, which
 * start-up checks against the live schema. A {@code text} column takes every value a constant or metadata path can
 * produce, so the stand-in never reports a conversion problem the real table would not have.
 *
 * <p>On top of what start-up checks (including a key under {@code sink.routes} that binds to nothing, such as
 * {@code options:}), it reports what the service would silently not see: a column name that Spring Boot changes while
 * binding it (a plain map key loses every character other than letters, digits, {@code -}, {@code _} and {@code .}).
 */
final class StartupRouteCheck {

    private StartupRouteCheck() {}

    /**
     * Every problem start-up would report for the routes of this {@code application.yml}, and every route key or name
     * that binding would drop or change; empty when the routes would start.
     *
     * @param applicationYaml the {@code application.yml} as a pod reads it from {@code /config/}
     * @param podEnvironment the pod's environment variables, which fill its {@code ${...}} placeholders
     */
    static List<String> problems(String applicationYaml, Map<String, Object> podEnvironment) {
        List<String> problems = new ArrayList<>();
        new ApplicationContextRunner()
                .withInitializer(context -> configure(context.getEnvironment(), applicationYaml, podEnvironment))
                .withUserConfiguration(BindSinkProperties.class)
                .run(context -> {
                    if (context.getStartupFailure() != null) {
                        problems.add("sink.* does not bind: " + rootCause(context.getStartupFailure()));
                        return;
                    }
                    ConfigurableEnvironment environment = context.getEnvironment();
                    SinkProperties properties = context.getBean(SinkProperties.class);
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < properties.routes().size(); i++) {
                        names.add(RouteSpecs.name(properties.routes().get(i), i));
                    }
                    List<SinkProblem> binding =
                            RouteOptionBinding.check(ConfigurationPropertySources.get(environment), names);
                    problems.addAll(changedNames(applicationYaml, properties));
                    problems.addAll(
                            compile(properties, binding, environment.getProperty("spring.cassandra.keyspace-name")));
                });
        return problems;
    }

    /** The routes as start-up reads and compiles them, with a stand-in table. */
    static List<String> compile(SinkProperties properties, String defaultKeyspace) {
        return compile(properties, List.of(), defaultKeyspace);
    }

    private static List<String> compile(
            SinkProperties properties, List<SinkProblem> bindingProblems, String defaultKeyspace) {
        List<SinkProblem> problems = new ArrayList<>(bindingProblems);
        List<RouteSpecs.Unread> unread = new ArrayList<>();
        List<RouteSpecs.Read> reads = RouteSpecs.readAll(properties, defaultKeyspace, problems, unread);
        RecordDecoders decoders = new RecordDecoders();
        for (RouteSpecs.Read read : reads) {
            RouteSpec spec = read.spec();
            try {
                // A route's own cql is prepared by a stand-in too: a text marker for each marker it binds.
                RoutePlanCompiler.compile(
                        spec,
                        standIn(spec),
                        cql -> io.kcsink.mapping.PreparedCql.prepared(spec.properties().keySet().stream()
                                .filter(key -> key.startsWith("bind."))
                                .map(key -> new io.kcsink.mapping.PreparedCql.Marker(
                                        key.substring("bind.".length()), DataTypes.TEXT))
                                .toList()));
            } catch (RouteValidationException ex) {
                ex.problems()
                        .forEach(problem -> problems.add(SinkProblem.of(RoutesFactory.origin(problem, read), problem)));
            }
            RoutesFactory.decoders(
                    spec.name(), read.where(), spec.properties(), read.optionOrigins(), decoders, problems);
            RoutesFactory.filter(read, problems);
        }
        return problems.stream().map(SinkProblem::toString).toList();
    }

    /**
     * A table of the route's own columns, regular text columns except those a column-scoped time option names, which
     * get the type that option is for; see the class comment.
     */
    static TableSchema standIn(RouteSpec spec) {
        Map<String, com.datastax.oss.driver.api.core.type.DataType> types = new java.util.LinkedHashMap<>();
        for (ColumnSpec column : spec.columns()) {
            types.put(column.column(), DataTypes.TEXT);
        }
        Map<String, com.datastax.oss.driver.api.core.type.DataType> timeOptions = Map.of(
                "timestamp-pattern.", DataTypes.TIMESTAMP,
                "timestamp-unit.", DataTypes.TIMESTAMP,
                "time-zone.", DataTypes.TIMESTAMP,
                "epoch-range.", DataTypes.TIMESTAMP,
                "date-pattern.", DataTypes.DATE,
                "time-pattern.", DataTypes.TIME);
        for (String key : spec.properties().keySet()) {
            // the mapping's form of a per-column option: <option>.<column>
            timeOptions.forEach((prefix, type) -> {
                if (key.startsWith(prefix)) {
                    types.put(key.substring(prefix.length()), type);
                }
            });
        }
        if (types.isEmpty()) {
            types.put("stand_in", DataTypes.TEXT);
        }
        List<ColumnSchema> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(new ColumnSchema(name, type, ColumnSchema.Kind.REGULAR)));
        String keyspace = spec.keyspace() != null ? spec.keyspace() : "stand_in";
        return new TableSchema(keyspace, spec.table(), columns);
    }

    /** Property sources as in the pod: its environment, then {@code /config/application.yml}, then the jar's. */
    private static void configure(
            ConfigurableEnvironment environment, String applicationYaml, Map<String, Object> pod) {
        MutablePropertySources sources = environment.getPropertySources();
        // The test JVM's own environment and system properties are not the pod's.
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource("pod environment", pod));
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        try {
            for (PropertySource<?> source : yaml.load(
                    "rendered application.yml",
                    new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)))) {
                sources.addLast(source);
            }
            for (PropertySource<?> source :
                    yaml.load("service application.yml", new ClassPathResource("application.yml"))) {
                sources.addLast(source);
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot load application.yml", ex);
        }
        ConfigurationPropertySources.attach(environment);
    }

    /** Property keys and column names that binding changed, by comparing them with the YAML as written. */
    @SuppressWarnings("unchecked")
    private static List<String> changedNames(String applicationYaml, SinkProperties properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> root = new Yaml().load(applicationYaml);
        Object routes = ((Map<String, Object>) root.getOrDefault("sink", Map.of())).get("routes");
        if (!(routes instanceof List<?> written)) {
            return problems;
        }
        for (int i = 0; i < written.size() && i < properties.routes().size(); i++) {
            Map<String, Object> route = (Map<String, Object>) written.get(i);
            SinkProperties.Route bound = properties.routes().get(i);
            compareKeys("sink.routes[" + i + "].properties", route.get("properties"), bound.properties(), problems);
            compareKeys("sink.routes[" + i + "].columns", route.get("columns"), bound.columns(), problems);
            for (RouteOption option : RouteOption.values()) {
                if (option.form() == RouteOption.Form.PER_COLUMN || option.form() == RouteOption.Form.COLUMN_TYPES) {
                    Object value = option.valueIn(bound);
                    compareKeys(
                            "sink.routes[" + i + "]." + option.key(),
                            route.get(option.key()),
                            value instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of(),
                            problems);
                }
            }
        }
        return problems;
    }

    private static void compareKeys(String where, Object written, Map<String, String> bound, List<String> problems) {
        if (!(written instanceof Map<?, ?> map)) {
            return;
        }
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            String expected = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            if (!bound.containsKey(expected)) {
                problems.add(where + ": the key '" + name + "' binds as none of " + bound.keySet()
                        + "; write it in quoted brackets, \"[" + expected + "]\", to keep it as written");
            }
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    // Not a @Configuration, which the sink's component scan would find when integration tests start it.
    @EnableConfigurationProperties(SinkProperties.class)
    static class BindSinkProperties {}
}
