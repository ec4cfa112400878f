package io.kcsink.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.PreparedCql;
import io.kcsink.mapping.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a table's live schema from the cluster, and prepares routes' own statements there, as the values the mapping
 * compiler checks routes against.
 */
public final class TableSchemaReader {

    private final CqlSession session;

    public TableSchemaReader(CqlSession session) {
        this.session = session;
    }

    /** Asks the cluster for its current schema, so that tables created a moment ago are seen. */
    public void refresh() {
        session.refreshSchema();
    }

    /**
     * The table's schema, or empty when the keyspace or the table does not exist.
     *
     * @param keyspace the keyspace name as stored (case-sensitive, unquoted)
     * @param table the table name as stored (case-sensitive, unquoted)
     */
    public Optional<TableSchema> read(String keyspace, String table) {
        return session.getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(ks -> ks.getTable(CqlIdentifier.fromInternal(table)))
                .map(TableSchemaReader::toSchema);
    }

    /**
     * Prepares a route's own statement, for the mapping to check: the markers' names and types as the cluster gives
     * them, or the cluster's reason for refusing it (an unknown column, a syntax error, a value of the wrong type).
     */
    public PreparedCql prepare(String cql) {
        PreparedStatement prepared;
        try {
            prepared = session.prepare(cql);
        } catch (RuntimeException e) {
            return PreparedCql.refused(String.valueOf(e.getMessage()));
        }
        List<PreparedCql.Marker> markers = new ArrayList<>();
        for (ColumnDefinition variable : prepared.getVariableDefinitions()) {
            markers.add(new PreparedCql.Marker(variable.getName().asInternal(), variable.getType()));
        }
        return PreparedCql.prepared(markers);
    }

    private static TableSchema toSchema(TableMetadata table) {
        Set<ColumnMetadata> partitionKey = new HashSet<>(table.getPartitionKey());
        Set<ColumnMetadata> clustering = table.getClusteringColumns().keySet();
        List<ColumnSchema> columns = new ArrayList<>();
        for (ColumnMetadata column : table.getColumns().values()) {
            ColumnSchema.Kind kind;
            if (partitionKey.contains(column)) {
                kind = ColumnSchema.Kind.PARTITION_KEY;
            } else if (clustering.contains(column)) {
                kind = ColumnSchema.Kind.CLUSTERING;
            } else if (column.isStatic()) {
                kind = ColumnSchema.Kind.STATIC;
            } else {
                kind = ColumnSchema.Kind.REGULAR;
            }
            columns.add(new ColumnSchema(column.getName().asInternal(), column.getType(), kind));
        }
        return new TableSchema(table.getKeyspace().asInternal(), table.getName().asInternal(), List.copyOf(columns));
    }
}
