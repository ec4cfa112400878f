package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;

/** One column of a Cassandra table as read from the live schema; {@code name} is the internal (exact-case) name. */
public record ColumnSchema(String name, DataType type, Kind kind) {

    /** The column's role in the table. */
    public enum Kind {
        PARTITION_KEY,
        CLUSTERING,
        REGULAR,
        STATIC
    }

    /** Whether the column is part of the primary key. */
    public boolean primaryKey() {
        return kind == Kind.PARTITION_KEY || kind == Kind.CLUSTERING;
    }
}
