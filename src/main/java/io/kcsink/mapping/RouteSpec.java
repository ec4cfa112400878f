package io.kcsink.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A route as the user wrote it, from KCQL or from YAML: which topics go into which table through which columns, with
 * per-route options in {@code properties} (kebab-case keys such as {@code ttl}, {@code null-policy}). An empty
 * {@code columns} list with {@code selectAll} is {@code SELECT *}; explicit columns next to {@code selectAll} override
 * the by-name matches.
 */
public record RouteSpec(
        String name,
        List<String> topics,
        @Nullable String topicPattern,
        @Nullable String keyspace,
        String table,
        List<ColumnSpec> columns,
        boolean selectAll,
        Set<String> ignored,
        Map<String, String> properties) {

    public RouteSpec {
        topics = List.copyOf(topics);
        columns = List.copyOf(columns);
        ignored = Set.copyOf(ignored);
        properties = Map.copyOf(properties);
    }
}
