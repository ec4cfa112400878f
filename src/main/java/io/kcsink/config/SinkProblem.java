package io.kcsink.config;

import io.kcsink.mapping.MappingProblem;
import org.jspecify.annotations.Nullable;

/**
 * One reason the sink cannot start, found at start-up: where it was configured, and the route, field path and column
 * it concerns where they apply. The mapping finds most of them as {@link MappingProblem}s; configuration adds where.
 *
 * @param origin where the problem was configured: a property such as {@code sink.routes[2].ttl}, a route's KCQL (the
 *     message then shows the statement with a caret under the position), or a {@code sink.*} property
 * @param route the route's name, or null for a problem of no one route
 * @param path the field path, or null
 * @param column the column, or null
 * @param message what is wrong, for the operator who reads it; for a problem of no route, what is wrong with its
 *     origin, continuing the sentence the origin begins
 */
public record SinkProblem(
        String origin,
        @Nullable String route,
        @Nullable String path,
        @Nullable String column,
        String message) {

    /** A problem of no route, such as a {@code sink.schema-registry.*} property. */
    static SinkProblem of(String origin, String message) {
        return new SinkProblem(origin, null, null, null, message);
    }

    /** A problem of a route's options or wiring, not of one path or column. */
    static SinkProblem ofRoute(String origin, String route, String message) {
        return new SinkProblem(origin, route, null, null, message);
    }

    /** A problem the mapping found, at the origin configuration knows for it. */
    static SinkProblem of(String origin, MappingProblem problem) {
        return new SinkProblem(origin, problem.route(), problem.path(), problem.column(), problem.message());
    }

    /**
     * {@code origin (route 'r', path 'p', column 'c'): message}, with the parts that apply; a problem of no route reads
     * as one sentence, {@code origin message}, as in {@code sink.limits.max-depth is 0; it must be at least 1}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(origin);
        if (route == null) {
            return text.append(' ').append(message).toString();
        }
        {
            text.append(" (route '").append(route).append('\'');
            if (path != null) {
                text.append(", path '").append(path).append('\'');
            }
            if (column != null) {
                text.append(", column '").append(column).append('\'');
            }
            text.append(')');
        }
        return text.append(": ").append(message).toString();
    }
}
