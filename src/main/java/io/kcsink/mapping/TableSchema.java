package io.kcsink.mapping;

import java.util.List;

/** A Cassandra table's columns in table order: partition key columns, then clustering columns, then the rest. */
public record TableSchema(String keyspace, String table, List<ColumnSchema> columns) {

    public TableSchema {
        columns = List.copyOf(columns);
    }
}
