package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code application.yml} being written, as nested maps in the order the properties were set: {@code spring},
 * then {@code sink} with its routes.
 */
final class YamlTree {

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> routes = new ArrayList<>();

    /** Sets a property by its dotted name, e.g. {@code spring.cassandra.keyspace-name}. */
    void put(String property, Object value) {
        String[] path = property.split("\\.");
        map(path, path.length - 1).put(path[path.length - 1], value);
    }

    /** Sets an entry whose key may contain dots, e.g. {@code sasl.mechanism} under {@code spring.kafka.properties}. */
    void putEntry(String mapProperty, String key, Object value) {
        String[] path = mapProperty.split("\\.");
        map(path, path.length).put(key, value);
    }

    boolean has(String property) {
        Object node = root;
        for (String segment : property.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                return false;
            }
            node = map.get(segment);
        }
        return true;
    }

    void addRoute(Map<String, Object> route) {
        routes.add(route);
    }

    int routeCount() {
        return routes.size();
    }

    /** The whole tree, {@code sink.routes} last. */
    Map<String, Object> toMap() {
        Map<String, Object> tree = new LinkedHashMap<>(root);
        if (!routes.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sink = (Map<String, Object>) tree.computeIfAbsent("sink", key -> new LinkedHashMap<>());
            sink.put("routes", routes);
            tree.remove("sink");
            tree.put("sink", sink);
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String[] path, int depth) {
        Map<String, Object> node = root;
        for (int i = 0; i < depth; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(path[i], key -> new LinkedHashMap<String, Object>());
        }
        return node;
    }
}
