package io.kcsink.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One thing found about a route at start-up: a reason it cannot work against its table, or, in
 * {@link RoutePlan#warnings()}, something it does that its operator should know.
 */
public record MappingProblem(
        String route, @Nullable String path, @Nullable String column, String message) {

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
