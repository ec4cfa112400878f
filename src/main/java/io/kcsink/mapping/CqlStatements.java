package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.ArrayList;
import java.util.List;

/** Builds the CQL text of a plan's statements, every identifier quoted so case and reserved words are safe. */
final class CqlStatements {

    private CqlStatements() {}

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String table(String keyspace, String table) {
        return quote(keyspace) + "." + quote(table);
    }

    /** {@code INSERT INTO ks.t (cols) VALUES (?...) [IF NOT EXISTS] [USING TTL ? [AND TIMESTAMP ?]]}. */
    static Statement insert(String keyspace, String table, List<ColumnSchema> columns, WriteOptions options) {
        StringBuilder cql =
                new StringBuilder("INSERT INTO ").append(table(keyspace, table)).append(" (");
        List<DataType> markers = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                cql.append(',');
                values.append(',');
            }
            cql.append(quote(columns.get(i).name()));
            values.append('?');
            markers.add(columns.get(i).type());
        }
        cql.append(") VALUES (").append(values).append(')');
        if (options.ifNotExists()) {
            cql.append(" IF NOT EXISTS");
        }
        appendUsing(cql, markers, options.hasTtl(), options.writeTime() != WriteOptions.WriteTime.NONE);
        return new Statement(cql.toString(), markers);
    }

    /** {@code UPDATE ks.t SET c = c + ?, ... WHERE pk = ? AND ...}: counter columns first, then the key. */
    static Statement counterUpdate(String keyspace, String table, List<ColumnSchema> counters, List<ColumnSchema> key) {
        StringBuilder cql =
                new StringBuilder("UPDATE ").append(table(keyspace, table)).append(" SET ");
        List<DataType> markers = new ArrayList<>();
        for (int i = 0; i < counters.size(); i++) {
            String column = quote(counters.get(i).name());
            cql.append(i > 0 ? "," : "")
                    .append(column)
                    .append('=')
                    .append(column)
                    .append("+?");
            markers.add(counters.get(i).type());
        }
        appendWhere(cql, markers, key);
        return new Statement(cql.toString(), markers);
    }

    /** {@code DELETE FROM ks.t [USING TIMESTAMP ?] WHERE pk = ? AND ...}. */
    static Statement delete(String keyspace, String table, List<ColumnSchema> key, boolean timestamp) {
        StringBuilder cql = new StringBuilder("DELETE FROM ").append(table(keyspace, table));
        List<DataType> markers = new ArrayList<>();
        appendUsing(cql, markers, false, timestamp);
        appendWhere(cql, markers, key);
        return new Statement(cql.toString(), markers);
    }

    private static void appendUsing(StringBuilder cql, List<DataType> markers, boolean ttl, boolean timestamp) {
        if (ttl) {
            cql.append(" USING TTL ?");
            markers.add(DataTypes.INT);
        }
        if (timestamp) {
            cql.append(ttl ? " AND TIMESTAMP ?" : " USING TIMESTAMP ?");
            markers.add(DataTypes.BIGINT);
        }
    }

    private static void appendWhere(StringBuilder cql, List<DataType> markers, List<ColumnSchema> key) {
        cql.append(" WHERE ");
        for (int i = 0; i < key.size(); i++) {
            cql.append(i > 0 ? " AND " : "").append(quote(key.get(i).name())).append("=?");
            markers.add(key.get(i).type());
        }
    }
}
