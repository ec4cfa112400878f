package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The route option {@code text-json} ({@code true} or {@code false}, default false) and its per-column form
 * {@code text-json.<column>}, which wins over the route's: whether an object or array read for a {@code text} column
 * is written as its JSON text ({@link JsonText}) instead of being refused, as the DataStax connector does.
 */
final class TextJsonOptions {

    static final String KEY = "text-json";

    private final boolean route;
    private final Map<String, Boolean> columns;

    private TextJsonOptions(boolean route, Map<String, Boolean> columns) {
        this.route = route;
        this.columns = columns;
    }

    /** Whether the key is this option, for the route or for a column. */
    static boolean owns(String key) {
        return key.equals(KEY) || key.startsWith(KEY + ".");
    }

    /** Reads the option among {@code properties}, adding a problem for each value that is not true or false. */
    static TextJsonOptions read(String route, Map<String, String> properties, List<MappingProblem> problems) {
        boolean routeValue = false;
        Map<String, Boolean> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (!owns(key)) {
                continue;
            }
            String column = key.equals(KEY) ? null : key.substring(KEY.length() + 1);
            String text = entry.getValue().strip();
            boolean value = text.equalsIgnoreCase("true");
            if (!value && !text.equalsIgnoreCase("false")) {
                problems.add(MappingProblem.ofOption(
                        route, key, column, key + " must be true or false, not '" + entry.getValue() + "'"));
            }
            if (column == null) {
                routeValue = value;
            } else {
                columns.put(column, value);
            }
        }
        return new TextJsonOptions(routeValue, columns);
    }

    /** Whether objects and arrays become JSON text in this column: its own option, else the route's. */
    boolean forColumn(String column) {
        Boolean own = columns.get(column);
        if (own == null && column.equals(column.toLowerCase(Locale.ROOT))) {
            for (Map.Entry<String, Boolean> entry : columns.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(column)) {
                    own = entry.getValue();
                }
            }
        }
        return own != null ? own : route;
    }

    /** Adds a problem for each {@code text-json.<column>} that names no column of the table or one that is not text. */
    void checkColumns(String route, Function<String, @Nullable ColumnSchema> resolve, List<MappingProblem> problems) {
        columns.keySet().forEach(name -> {
            ColumnSchema column = resolve.apply(name);
            if (column == null) {
                problems.add(MappingProblem.ofOption(
                        route, KEY + "." + name, name, KEY + "." + name + " names no column of the table"));
            } else if (!column.type().equals(DataTypes.TEXT)) {
                problems.add(MappingProblem.ofOption(
                        route,
                        KEY + "." + name,
                        column.name(),
                        KEY + "." + name + " concerns text columns, and this one is "
                                + column.type().asCql(false, true)));
            }
        });
    }

    /** {@code text} with objects and arrays written as their JSON text; other values as {@code text} takes them. */
    static Converter converter(Converter text) {
        return value -> value instanceof Map<?, ?> || value instanceof List<?>
                ? text.convert(JsonText.of(value))
                : text.convert(value);
    }
}
