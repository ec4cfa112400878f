package io.kcsink.mapping;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One write: the values in marker order of the plan's {@link RoutePlan#insert()} or, when {@code delete},
 * {@link RoutePlan#delete()}. A value is {@link #UNSET} (leave the marker unbound), null (write null) or of the Java
 * type the driver's default codec expects for the marker's CQL type. {@code primaryKey} holds the primary key values in
 * key order, for collapsing writes of one key.
 */
public record Row(RoutePlan plan, boolean delete, @Nullable Object[] values, List<Object> primaryKey) {

    /** Marks a value to leave unbound: no tombstone, an existing value stays. */
    public static final Object UNSET = new Object() {
        @Override
        public String toString() {
            return "UNSET";
        }
    };

    /**
     * The value this row writes to a column of its route: of the Java type the driver's codec expects for the column,
     * null, or {@link #UNSET}.
     *
     * @throws IllegalArgumentException when the route writes no such column
     * @throws IllegalStateException when the row is a delete, which writes no columns
     */
    public @Nullable Object get(String column) {
        return values[plan.marker(this, column)];
    }

    /**
     * A copy of this row with one column's value replaced, for a {@link RowCustomizer}: the value is converted for the
     * column as a field of the record would be ({@code "3"} into an {@code int} column is 3), null writes null, and
     * {@link #UNSET} leaves the column unbound. A primary key column takes neither.
     *
     * @throws IllegalArgumentException when the route writes no such column, or the value does not convert to it
     * @throws IllegalStateException when the row is a delete, which writes no columns
     */
    public Row with(String column, @Nullable Object value) {
        return plan.with(this, column, value);
    }
}
