package io.kcsink.fidelity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Every column of the value-fidelity suite with its cases: what the README's type table promises, as data. The
 * round-trip integration test sends these through the running service; {@code TypeTableTest} checks the table against
 * them, so neither can list a representation the other lacks.
 */
public final class FidelityCatalog {

    /** The column of the separate counter table. */
    public static final String COUNTER_COLUMN = "c_counter";

    /** The seed of the generated values; change it to draw another set. */
    static final String SEED = "15";

    private static final List<ColumnCases<?>> COLUMNS = columns();

    private FidelityCatalog() {}

    /** Generated in a jqwik session of a fixed seed: the same cases in every run, outside any property too. */
    private static List<ColumnCases<?>> columns() {
        boolean own = !JqwikSession.isActive();
        if (own) {
            JqwikSession.start(SEED);
        }
        try {
            List<ColumnCases<?>> all = new ArrayList<>();
            all.addAll(ScalarColumns.all());
            all.addAll(BinaryColumns.all());
            all.addAll(TemporalColumns.all());
            all.addAll(CompositeColumns.all());
            return List.copyOf(all);
        } finally {
            if (own) {
                JqwikSession.finish();
            }
        }
    }

    public static List<ValueCase> cases() {
        return COLUMNS.stream().flatMap(c -> c.cases().stream()).toList();
    }

    /** The statements that create the UDTs and the two tables in {@code keyspace}. */
    public static List<String> schema(String keyspace) {
        List<String> statements = new ArrayList<>();
        UdtColumns.TYPES.forEach(type -> statements.add(type.replace("CREATE TYPE ", "CREATE TYPE " + keyspace + ".")));
        String columns = COLUMNS.stream()
                .filter(c -> !c.column().equals(COUNTER_COLUMN))
                .map(c -> c.column() + " " + c.cql())
                .collect(Collectors.joining(", "));
        statements.add("CREATE TABLE " + keyspace + ".vals (id text PRIMARY KEY, " + columns + ")");
        statements.add("CREATE TABLE " + keyspace + ".counts (id text PRIMARY KEY, " + COUNTER_COLUMN + " counter)");
        return statements;
    }

    /** Per README type: {JSON cases, Avro cases, refused cases}. */
    public static Map<String, int[]> countsPerType() {
        Map<String, int[]> counts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (ValueCase c : cases()) {
            int[] count = counts.computeIfAbsent(c.type(), t -> new int[3]);
            count[c.refused() ? 2 : c.avro() ? 1 : 0]++;
        }
        return counts;
    }
}
