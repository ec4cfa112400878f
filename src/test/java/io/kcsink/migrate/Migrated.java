package io.kcsink.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * A configuration under {@code src/test/resources/migrate/} migrated as the command does, and the written file read
 * back: the tests check what a user gets, not the tree before it was written.
 *
 * @param text the file as written
 * @param yaml the file read back as YAML
 * @param notes the notes, as on standard error
 */
record Migrated(String text, Map<String, Object> yaml, List<String> notes) {

    static final Path RESOURCES = Path.of("src/test/resources/migrate");

    static Migrated of(String file) {
        Migration migration = Migration.of(ConnectorConfig.read(RESOURCES.resolve(file)), file);
        String text = MigratedFile.render(migration, file);
        return new Migrated(text, new Yaml().load(text), migration.notes());
    }

    /** The value at a dotted path, {@code [n]} indexing a list: {@code sink.routes[0].kcql}. */
    Object at(String path) {
        Object node = yaml;
        for (String segment : path.split("\\.")) {
            int index = -1;
            if (segment.endsWith("]")) {
                index = Integer.parseInt(segment.substring(segment.indexOf('[') + 1, segment.length() - 1));
                segment = segment.substring(0, segment.indexOf('['));
            }
            assertThat(node).as(path).isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) node;
            assertThat(map).as(path).containsKey(segment);
            node = map.get(segment);
            if (index >= 0) {
                node = ((List<?>) node).get(index);
            }
        }
        return node;
    }

    boolean has(String path) {
        try {
            at(path);
            return true;
        } catch (AssertionError ex) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String path) {
        return (Map<String, Object>) at(path);
    }

    /**
     * The options of route {@code n}, in the order written: its keys other than what says where records come from and
     * go. A migrated route has them as keys of the route, never in the older {@code properties:} map.
     */
    Map<String, Object> options(int n) {
        Map<String, Object> options = new LinkedHashMap<>(map("sink.routes[" + n + "]"));
        assertThat(options).as("route " + n).doesNotContainKey("properties");
        options.keySet().removeAll(Set.of("name", "kcql", "topic", "topics", "topic-pattern", "table", "columns"));
        return options;
    }

    List<?> routes() {
        return (List<?>) at("sink.routes");
    }

    /** The one note about this key. */
    String note(String key) {
        List<String> about =
                notes.stream().filter(note -> note.startsWith(key + ": ")).toList();
        assertThat(about).as("notes about " + key + " in " + notes).hasSize(1);
        return about.get(0);
    }

    /** The keys the notes are about, in order. */
    List<String> noteKeys() {
        return notes.stream().map(note -> note.substring(0, note.indexOf(": "))).toList();
    }
}
