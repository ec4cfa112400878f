package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of {@code kcql/lenses-corpus.txt}: Lenses-style KCQL and what this sink does with it. */
class LensesCorpusTest {

    private static final TableSchema ORDERS = new TableSchema(
            "shop",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("created", DataTypes.TEXT, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("price", DataTypes.FLOAT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("city", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("source", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("order_key", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("loaded_at", DataTypes.TIMEUUID, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("ref", DataTypes.UUID, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("payload", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    /** One entry: its name, the KCQL, and its expectation lines. */
    record Entry(String name, String kcql, List<String> expectations) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void behavesAsTheCorpusSays(Entry entry) {
        List<String> carets = lines(entry, '^');
        List<String> refusals = lines(entry, '!');
        if (!carets.isEmpty()) {
            String line = carets.get(0);
            Throwable thrown = catchThrowable(() -> Kcql.parse("r", entry.kcql()));
            assertThat(thrown).as(entry.kcql()).isInstanceOf(KcqlSyntaxException.class);
            KcqlSyntaxException e = (KcqlSyntaxException) thrown;
            assertThat(e.reason()).startsWith(line.substring(line.indexOf('^') + 2));
            assertThat(e.position()).as("caret of <%s>", e.reason()).isEqualTo(line.indexOf('^'));
            return;
        }
        RouteSpec spec = Kcql.parse("r", entry.kcql()).get(0);
        assertThat(spec.table()).isEqualTo("orders");
        assertThat(Objects.requireNonNullElse(spec.keyspace(), "shop")).isEqualTo("shop");
        if (!refusals.isEmpty()) {
            Throwable thrown = catchThrowable(() -> RoutePlanCompiler.compile(spec, ORDERS));
            assertThat(thrown).as(entry.kcql()).isInstanceOf(RouteValidationException.class);
            assertThat(((RouteValidationException) thrown).problems())
                    .extracting(MappingProblem::message)
                    .anySatisfy(message -> assertThat(message).contains(refusals.get(0)));
            return;
        }
        RoutePlan plan = RoutePlanCompiler.compile(spec, ORDERS);
        Map<String, String> bindings = new LinkedHashMap<>();
        plan.bindings().forEach(binding -> bindings.put(binding.column(), binding.path()));
        assertThat(bindings).containsExactlyEntriesOf(pairs(lines(entry, '=').get(0)));
        for (String properties : lines(entry, '+')) {
            assertThat(plan.properties()).containsAllEntriesOf(pairs(properties));
        }
        List<String> warnings = lines(entry, '~');
        assertThat(plan.warnings()).hasSize(warnings.size());
        for (int i = 0; i < warnings.size(); i++) {
            assertThat(plan.warnings().get(i).message()).contains(warnings.get(i));
        }
    }

    static Stream<Entry> entries() throws IOException {
        String text;
        try (InputStream in = LensesCorpusTest.class.getResourceAsStream("/kcql/lenses-corpus.txt")) {
            text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> entries = new ArrayList<>();
        String name = null;
        String kcql = null;
        List<String> expectations = new ArrayList<>();
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (kcql != null) {
                    entries.add(new Entry(Objects.requireNonNullElse(name, kcql), kcql, List.copyOf(expectations)));
                }
                name = null;
                kcql = null;
                expectations.clear();
            } else if (line.startsWith("#")) {
                name = line.substring(1).strip();
            } else if (kcql == null) {
                kcql = line;
            } else {
                expectations.add(line);
            }
        }
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.expectations()).as(e.name()).isNotEmpty());
        return entries.stream();
    }

    /** The expectation lines of one kind: for '^' the whole line (the caret's column is the position). */
    private static List<String> lines(Entry entry, char kind) {
        List<String> lines = new ArrayList<>();
        for (String line : entry.expectations()) {
            String stripped = line.strip();
            if (stripped.charAt(0) == kind) {
                lines.add(kind == '^' ? line : stripped.substring(1).strip());
            }
        }
        return lines;
    }

    /** {@code a=b | c=d} in order; the key ends at the first '='. */
    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(" \\| ")) {
            int equals = pair.indexOf('=');
            pairs.put(
                    pair.substring(0, equals).strip(),
                    pair.substring(equals + 1).strip());
        }
        return pairs;
    }
}
