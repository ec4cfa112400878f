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
}
