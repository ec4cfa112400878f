package io.kcsink.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's type table and the value-fidelity suite say the same thing: every representation the table lists for a
 * CQL type, accepted or refused, has cases in {@link FidelityCatalog}, and every representation with cases is in the
 * table. The counts in {@code docs/value-fidelity.md} are the suite's.
 */
class TypeTableTest {

    private static final String HEADER = "| CQL type | JSON | Avro | refused |";
    private static final String COUNTS_HEADER = "| CQL type | JSON cases | Avro cases | refused cases |";

    /** Per type, from the catalogue: the representations of JSON, Avro and refused cases. */
    private static Map<String, List<Set<String>>> catalogue() {
        Map<String, List<Set<String>>> types = new TreeMap<>();
        for (ValueCase c : FidelityCatalog.cases()) {
            List<Set<String>> columns =
                    types.computeIfAbsent(c.type(), t -> List.of(new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
            columns.get(c.refused() ? 2 : c.avro() ? 1 : 0).add(c.representation());
        }
        return types;
    }

    /** The table's rows whose header is {@code header}: first cell split into types, the others kept as text. */
    static Map<String, List<String>> table(String markdown, String header) {
        List<String> lines = markdown.lines().toList();
        int start = lines.indexOf(header);
        assertThat(start).as("README has a table headed %s", header).isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = cells(line);
            for (String type : cells.get(0).split(",")) {
                rows.put(type.replace("`", "").strip(), cells.subList(1, cells.size()));
            }
        }
        return rows;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.length() - 1).split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    /**
     * The representations a cell lists: separated by {@code ;} outside parentheses and code, each without its
     * examples in parentheses; {@code —} for none.
     */
    static Set<String> representations(String cell) {
        Set<String> labels = new TreeSet<>();
        if (cell.equals("—")) {
            return labels;
        }
        int depth = 0;
        boolean code = false;
        StringBuilder label = new StringBuilder();
        for (char c : (cell + ";").toCharArray()) {
            if (c == '`') {
                code = !code;
            } else if (!code && c == '(') {
                depth++;
            } else if (!code && c == ')') {
                depth--;
            } else if (!code && depth == 0 && c == ';') {
                labels.add(label.toString().strip());
                label.setLength(0);
            } else if (!code && depth == 0) {
                label.append(c);
            }
        }
        return labels;
    }

    @Test
    void everyRepresentationTheReadmeListsHasCasesAndEveryCaseIsInTheReadme() throws IOException {
        Map<String, List<String>> readme = table(Files.readString(Path.of("README.md")), HEADER);
        Map<String, List<Set<String>>> catalogue = catalogue();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, List<Set<String>>> type : catalogue.entrySet()) {
            List<String> row = readme.get(type.getKey());
            if (row == null) {
                differences.add("README has no row for " + type.getKey() + "; the suite covers: " + type.getValue());
                continue;
            }
            String[] columns = {"JSON", "Avro", "refused"};
            for (int i = 0; i < 3; i++) {
                Set<String> listed = representations(row.get(i));
                if (!listed.equals(type.getValue().get(i))) {
                    differences.add(type.getKey() + " " + columns[i] + ": README lists " + listed + ", the suite has "
                            + type.getValue().get(i));
                }
            }
        }
        Set<String> extra = new TreeSet<>(readme.keySet());
        extra.removeAll(catalogue.keySet());
        extra.forEach(type -> differences.add("README has a row for " + type + ", which the suite does not cover"));
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void theDocumentedCaseCountsAreTheSuites() throws IOException {
        Map<String, List<String>> documented =
                table(Files.readString(Path.of("docs/value-fidelity.md")), COUNTS_HEADER);
        Map<String, String> expected = FidelityCatalog.countsPerType().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue()[0] + " | " + e.getValue()[1] + " | " + e.getValue()[2],
                        (a, b) -> a,
                        TreeMap::new));
        int[] total = new int[3];
        FidelityCatalog.countsPerType().values().forEach(n -> {
            for (int i = 0; i < 3; i++) {
                total[i] += n[i];
            }
        });
        expected.put("total", total[0] + " | " + total[1] + " | " + total[2]);
        Map<String, String> actual = documented.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> String.join(" | ", e.getValue()), (a, b) -> a, TreeMap::new));
        assertThat(actual)
                .as(
                        "docs/value-fidelity.md: | CQL type | JSON cases | Avro cases | refused cases | rows, expected:\n%s",
                        expected.entrySet().stream()
                                .map(e -> "| `" + e.getKey() + "` | " + e.getValue() + " |")
                                .collect(Collectors.joining("\n")))
                .isEqualTo(expected);
    }

    @Test
    void splitsACellIntoRepresentationsWithoutTheirExamples() {
        assertThat(representations("numeric text (`\"7\"`; `\"1e3\"`); integral number (`7`)"))
                .containsExactly("integral number", "numeric text");
        assertThat(representations("—")).isEmpty();
    }
}
