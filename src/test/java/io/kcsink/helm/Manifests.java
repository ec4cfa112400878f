package io.kcsink.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The objects of one {@code helm template} run, with just enough navigation for the chart's assertions. */
public record Manifests(List<Map<String, Object>> documents) {

    /** Every rendered object of a kind. */
    List<Map<String, Object>> all(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The single object of a kind; fails the test when there is none or more than one. */
    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("rendered objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    /** The object of a kind and name. */
    Map<String, Object> named(String kind, String name) {
        List<Map<String, Object>> found = all(kind).stream()
                .filter(d -> name.equals(at(d, "metadata.name")))
                .toList();
        assertThat(found).as("rendered %s named %s", kind, name).hasSize(1);
        return found.get(0);
    }

    Map<String, Object> podSpec() {
        return HelmChart.asMap(at(one("Deployment"), "spec.template.spec"));
    }

    public Map<String, Object> container() {
        return HelmChart.asMap(at(podSpec(), "containers[0]"));
    }

    /** The application.yml of the app's ConfigMap, parsed. */
    Map<String, Object> applicationYaml() {
        return HelmChart.asMap(new Yaml().load(applicationYamlText()));
    }

    /** The application.yml of the app's ConfigMap, as rendered. */
    public String applicationYamlText() {
        return (String) at(named("ConfigMap", "sink-kafka-cassandra-sink"), "data.application\\.yml");
    }

    /** The pod's volume of that name, or null when there is none. */
    Map<String, Object> volume(String volumeName) {
        return byName(list(at(podSpec(), "volumes")), volumeName);
    }

    /** The container's volume mount of that volume, or null when there is none. */
    Map<String, Object> volumeMount(String volumeName) {
        return byName(list(at(container(), "volumeMounts")), volumeName);
    }

    /** The container's environment variable of that name, or null when unset. */
    Map<String, Object> env(String envName) {
        return byName(list(at(container(), "env")), envName);
    }

    /** The value of an environment variable's secretKeyRef, as {@code secretName/key}, or null when unset. */
    String secretRef(String envName) {
        Map<String, Object> env = env(envName);
        return env == null
                ? null
                : at(env, "valueFrom.secretKeyRef.name") + "/" + at(env, "valueFrom.secretKeyRef.key");
    }

    /**
     * Walks a dotted path through maps and lists: {@code spec.containers[0].name}. A dot escaped with a backslash is
     * part of the key ({@code data.application\.yml}). Returns null where the path leads nowhere.
     */
    static Object at(Object node, String path) {
        Object current = node;
        for (String segment : path.split("(?<!\\\\)\\.")) {
            String key = segment.replace("\\.", ".");
            Integer index = null;
            int bracket = key.indexOf('[');
            if (bracket >= 0) {
                index = Integer.valueOf(key.substring(bracket + 1, key.length() - 1));
                key = key.substring(0, bracket);
            }
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
            if (index != null) {
                if (!(current instanceof List<?> items) || items.size() <= index) {
                    return null;
                }
                current = items.get(index);
            }
        }
        return current;
    }

    private static Map<String, Object> byName(List<Map<String, Object>> items, String name) {
        return items.stream()
                .filter(item -> name.equals(item.get("name")))
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
