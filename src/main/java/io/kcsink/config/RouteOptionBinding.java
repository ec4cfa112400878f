package io.kcsink.config;

import io.kcsink.config.SinkProperties.Route;
import io.kcsink.mapping.ForeignPropertyKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds route options with Spring Boot's {@link Binder}, as the {@code sink.routes} YAML is bound, collecting every
 * value that does not convert and every key that is no option as a {@link SinkProblem} instead of stopping at the
 * first: the route keys of {@code sink.routes[n]}, and the KCQL {@code PROPERTIES(...)} (or a route's
 * {@code properties:} map), which are converted into the same typed {@link Route}.
 */
final class RouteOptionBinding {

    private static final ConfigurationPropertyName ROUTES = ConfigurationPropertyName.of("sink.routes");

    /** The keys of a route: its record components, dashed. */
    static final Set<String> ROUTE_KEYS = Arrays.stream(Route.class.getRecordComponents())
            .map(component -> DataObjectPropertyName.toDashedForm(component.getName()))
            .collect(Collectors.toCollection(LinkedHashSet::new));

    private static final Set<String> MAP_KEYS = Arrays.stream(Route.class.getRecordComponents())
            .filter(component -> Map.class.isAssignableFrom(component.getType()))
            .map(component -> DataObjectPropertyName.toDashedForm(component.getName()))
            .collect(Collectors.toSet());

    private RouteOptionBinding() {}

    /**
     * The problems of {@code sink.*} as configured: a value that does not convert to its property's type (which
     * binding the service's {@link SinkProperties} leaves at its default), and a key under {@code sink.routes} that is
     * no key of a route.
     *
     * @param names each route's name, by index, for the problems
     */
    static List<SinkProblem> check(Iterable<ConfigurationPropertySource> sources, List<String> names) {
        List<SinkProblem> problems = new ArrayList<>();
        Collecting handler = new Collecting(
                name -> {
                    int index = routeIndex(name);
                    return index < 0 || index >= names.size() ? null : names.get(index);
                },
                name -> name.toString(),
                problems);
        // All of sink.*: binding the service's SinkProperties leaves any value that does not convert at its default.
        new Binder(sources).bind("sink", Bindable.of(SinkProperties.class), handler);
        Set<String> unknown = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : sources) {
            // Environment variables cannot spell a route key's dashes; Spring Boot maps them loosely, so only a key
            // written as a name (YAML, properties, arguments) is checked here.
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            iterable.stream()
                    .filter(ROUTES::isAncestorOf)
                    .filter(name -> !isRouteKey(name))
                    .forEach(name -> unknown.add(name.toString()));
        }
        for (String name : unknown) {
            ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
            int index = routeIndex(property);
            problems.add(new SinkProblem(
                    name,
                    index < names.size() ? names.get(index) : null,
                    null,
                    null,
                    "is not a key of a route (the keys: " + String.join(", ", ROUTE_KEYS) + ")"));
        }
        return problems;
    }

    /**
     * Whether a name under {@code sink.routes} is a key of a route: {@code sink.routes[n].<key>}, or an entry of one of
     * its maps ({@code columns}, {@code timestamp-patterns}, ...) or of its {@code topics}.
     */
    private static boolean isRouteKey(ConfigurationPropertyName name) {
        if (name.getNumberOfElements() < 4 || !name.isNumericIndex(2)) {
            return true; // not a route's key: binding reports what does not fit
        }
        String key = name.getElement(3, ConfigurationPropertyName.Form.DASHED);
        if (!ROUTE_KEYS.contains(key)) {
            return false;
        }
        return name.getNumberOfElements() == 4 || MAP_KEYS.contains(key) || key.equals("topics");
    }

    /**
     * A route's options written in the KCQL {@code PROPERTIES(...)} form, converted into the typed {@link Route} as
     * the same keys in YAML would be, with a problem for each key that is no option and each value that does not
     * convert.
     *
     * @param where where the options were written, for the problems: e.g. {@code sink.routes[0].kcql PROPERTIES}
     */
    static Route fromKcql(Map<String, String> properties, String route, String where, List<SinkProblem> problems) {
        Map<String, Object> source = new LinkedHashMap<>();
        Map<String, String> kcqlKeyOf = new LinkedHashMap<>();
        java.util.SortedSet<String> unknown = new java.util.TreeSet<>();
        properties.forEach((key, value) -> {
            RouteOption option = RouteOption.forKcqlKey(key);
            if (option == null) {
                String instead = ForeignPropertyKeys.instead(key);
                if (instead != null) {
                    problems.add(SinkProblem.ofRoute(
                            where, route, "unknown option '" + key + "': write " + instead + " instead"));
                } else {
                    unknown.add(key);
                }
                return;
            }
            String name = "route." + option.key();
            switch (option.form()) {
                case PER_COLUMN -> {
                    String column = key.substring(option.kcqlKey().length() + 1);
                    source.put(name + "[" + column + "]", value);
                }
                case COLUMN_TYPES -> {
                    for (String entry : topLevelEntries(value)) {
                        int colon = entry.indexOf(':');
                        if (colon <= 0) {
                            problems.add(SinkProblem.ofRoute(
                                    where + " '" + key + "'",
                                    route,
                                    "entry '" + entry + "' is not column:type, as in 'id:int,created:text'"));
                        } else {
                            source.put(
                                    name + "[" + entry.substring(0, colon).strip() + "]",
                                    entry.substring(colon + 1).strip());
                        }
                    }
                }
                default -> source.put(name, value);
            }
            kcqlKeyOf.put(option.key(), key);
        });
        if (!unknown.isEmpty()) {
            problems.add(SinkProblem.ofRoute(
                    where,
                    route,
                    (unknown.size() == 1 ? "unknown option '" : "unknown options '") + String.join("', '", unknown)
                            + "' (the options: " + String.join(", ", RouteOption.kcqlKeys()) + ")"));
        }
        Collecting handler = new Collecting(
                name -> route,
                name -> where + " '"
                        + kcqlKeyOf.getOrDefault(
                                name.getElement(1, ConfigurationPropertyName.Form.DASHED), name.toString())
                        + "'",
                problems);
        Route typed = new Binder(new MapConfigurationPropertySource(source))
                .bind("route", Bindable.of(Route.class), handler)
                .orElse(null);
        return typed != null ? typed : empty();
    }

    /** A route without options. */
    static Route empty() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("route", Bindable.of(Route.class));
    }

    /** What an operator reads about a value that does not convert to its option's type. */
    static String notConverted(String key, @Nullable Object value, @Nullable Class<?> type) {
        String quoted = "\"" + value + "\"";
        if (type != null && type.isEnum()) {
            boolean constants = type.getName().startsWith("com.datastax");
            String choices = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name())
                    .map(name ->
                            constants ? name : name.toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
            return key + " " + quoted + " is not one of " + choices;
        }
        if (type == Duration.class) {
            return key + " " + quoted
                    + (key.equals("ttl")
                            ? " is not whole seconds (3600) or a duration (90m, 12h, 30d)"
                            : " is not a duration (500ms, 30s, 5m)");
        }
        if (type == Boolean.class || type == boolean.class) {
            return key + " " + quoted + " is not true or false";
        }
        return key + " " + quoted + " cannot be read as "
                + (type == null ? "its type" : type.getSimpleName().toLowerCase(Locale.ROOT));
    }

    private static int routeIndex(ConfigurationPropertyName name) {
        if (name.getNumberOfElements() > 2 && name.isNumericIndex(2)) {
            return Integer.parseInt(name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL));
        }
        return -1;
    }

    /** Entries separated by commas outside {@code <...>}, as in {@code id:int,tags:map<text,int>}. */
    private static List<String> topLevelEntries(String text) {
        List<String> entries = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String entry = text.substring(start, i).strip();
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
                start = i + 1;
            }
        }
        return entries;
    }

    /** Records a problem for each value that does not convert, and binds on without it. */
    private static final class Collecting extends AbstractBindHandler {

        private final java.util.function.Function<ConfigurationPropertyName, @Nullable String> route;
        private final java.util.function.Function<ConfigurationPropertyName, String> origin;
        private final List<SinkProblem> problems;

        Collecting(
                java.util.function.Function<ConfigurationPropertyName, @Nullable String> route,
                java.util.function.Function<ConfigurationPropertyName, String> origin,
                List<SinkProblem> problems) {
            this.route = route;
            this.origin = origin;
            this.problems = problems;
        }

        @Override
        public @Nullable Object onFailure(
                ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            ConfigurationProperty property = context.getConfigurationProperty();
            Object value = property != null ? property.getValue() : null;
            String key = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
            String routeName = route.apply(name);
            Class<?> type = target.getType().resolve();
            // A problem of no route reads as one sentence after its origin: sink.write.max-in-flight "lots" cannot...
            String message = routeName != null
                    ? notConverted(key, value, type)
                    : notConverted(key, value, type).substring(key.length() + 1);
            problems.add(new SinkProblem(origin.apply(name), routeName, null, null, message));
            return null;
        }
    }
}
