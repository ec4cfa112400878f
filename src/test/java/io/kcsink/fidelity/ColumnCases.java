package io.kcsink.fidelity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The cases of one column: jqwik's edge cases of the value generator, the column's own edge cases and a fixed number
 * of generated values (from a fixed seed, so a run can be repeated), each rendered in every representation declared,
 * plus the refused inputs.
 *
 * @param <T> the generated value, rendered by each representation
 */
public final class ColumnCases<T> {

    /** Generated values per column, besides the edge cases. */
    static final int SAMPLES = 20;

    /** jqwik's edge cases taken per column: those of a composite value multiply, a UDT's run into the thousands. */
    static final int EDGE_CASES = 12;

    private final String type;
    private final String column;
    private final String cql;
    private final List<T> values;
    private final Function<T, Object> plain;
    private final List<ValueCase> cases = new ArrayList<>();

    private ColumnCases(String type, String column, String cql, List<T> values, Function<T, Object> plain) {
        this.type = type;
        this.column = column;
        this.cql = cql;
        this.values = values;
        this.plain = plain;
    }

    /**
     * A column of CQL type {@code cql}, in the README's type family {@code type}, with values from {@code generator}
     * and {@code edges}; {@code plain} says how a value reads back.
     */
    @SafeVarargs
    public static <T> ColumnCases<T> of(
            String type, String column, String cql, Arbitrary<T> generator, Function<T, Object> plain, T... edges) {
        LinkedHashSet<T> values = new LinkedHashSet<>(List.of(edges));
        int taken = 0;
        for (Shrinkable<T> edge : generator.edgeCases()) {
            if (taken++ == EDGE_CASES) {
                break;
            }
            values.add(edge.value());
        }
        RandomGenerator<T> random = generator.generator(1000);
        Random source = new Random(column.hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            values.add(random.next(source).value());
        }
        return new ColumnCases<>(type, column, cql, List.copyOf(values), plain);
    }

    public String column() {
        return column;
    }

    public String cql() {
        return cql;
    }

    public String type() {
        return type;
    }

    /** Every value rendered as JSON by {@code render}; a null rendering skips a value this form cannot express. */
    public ColumnCases<T> json(String representation, Function<T, @Nullable String> render) {
        return json(representation, render, plain);
    }

    /** As {@link #json(String, Function)}, reading back as {@code expected} says rather than as the value itself. */
    public ColumnCases<T> json(
            String representation, Function<T, @Nullable String> render, Function<T, Object> expected) {
        for (T value : values) {
            String json = render.apply(value);
            if (json != null) {
                cases.add(new ValueCase(
                        id(), type, column, representation, json, null, null, expected.apply(value), false));
            }
        }
        return this;
    }

    /** Every value as an Avro datum of {@code schema}; a null datum skips a value this schema cannot express. */
    public ColumnCases<T> avro(String representation, Schema schema, Function<T, @Nullable Object> datum) {
        return avro(representation, schema, datum, plain);
    }

    /** As {@link #avro(String, Schema, Function)}, reading back as {@code expected} says. */
    public ColumnCases<T> avro(
            String representation, Schema schema, Function<T, @Nullable Object> datum, Function<T, Object> expected) {
        for (T value : values) {
            Object avro = datum.apply(value);
            if (avro != null) {
                cases.add(new ValueCase(
                        id(), type, column, representation, null, schema, avro, expected.apply(value), false));
            }
        }
        return this;
    }

    /** One fixed JSON input and what it reads back as, for a representation no generated value has. */
    public ColumnCases<T> example(String representation, String json, Object expected) {
        cases.add(new ValueCase(id(), type, column, representation, json, null, null, expected, false));
        return this;
    }

    /** JSON inputs the README says this column refuses. */
    public ColumnCases<T> refuses(String representation, String... json) {
        for (String fragment : json) {
            cases.add(new ValueCase(id(), type, column, representation, fragment, null, null, null, true));
        }
        return this;
    }

    /** An Avro input the README says this column refuses. */
    public ColumnCases<T> refusesAvro(String representation, Schema schema, Object datum) {
        cases.add(new ValueCase(id(), type, column, representation, null, schema, datum, null, true));
        return this;
    }

    public List<ValueCase> cases() {
        return List.copyOf(cases);
    }

    private String id() {
        return column + "-" + cases.size();
    }
}
