package io.kcsink.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One thing found about a route at start-up: a reason it cannot work against its table, or, in
 * {@link RoutePlan#warnings()}, something it does that its operator should know. It names the route, and the field
 * path, column and option it concerns where they apply.
 *
 * @param route the route's name
 * @param path the field path, or null
 * @param column the column, or null
 * @param message what is wrong, in words for the operator
 * @param option the key of the option whose value is wrong, in the KCQL {@code PROPERTIES(...)} form
 *     ({@code ttl}, {@code timestamp-pattern.created}), or null; configuration turns it into where it was set
 */
public record MappingProblem(
        String route,
        @Nullable String path,
        @Nullable String column,
        String message,
        @Nullable String option) {

    /** A problem of no one option. */
    public MappingProblem(String route, @Nullable String path, @Nullable String column, String message) {
        this(route, path, column, message, null);
    }

    /** A problem of the value of one option. */
    static MappingProblem ofOption(String route, String option, @Nullable String column, String message) {
        return new MappingProblem(route, null, column, message, option);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("route '").append(route).append('\'');
        if (path != null) {
            text.append(", path '").append(path).append('\'');
        }
        if (column != null) {
            text.append(", column '").append(column).append('\'');
        }
        return text.append(": ").append(message).toString();
    }
}
