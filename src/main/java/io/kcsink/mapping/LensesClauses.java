package io.kcsink.mapping;

import java.util.Map;

/**
 * The KCQL clauses that other Lenses connectors take and this sink does not, each refused where it stands with what to
 * write instead: a clause that were silently ignored would leave a route doing something else than it says.
 */
final class LensesClauses {

    private LensesClauses() {}

    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry(
                    "PK",
                    "the primary key is the table's own (every key column must be mapped, checked at start-up);"
                            + " remove PK"),
            Map.entry(
                    "WITHFORMAT",
                    "set the format with PROPERTIES('value-format'='json'|'json-schema'|'avro'|'string')"),
            Map.entry("STOREAS", "values are written as the columns' CQL types; remove STOREAS"),
            Map.entry(
                    "AUTOCREATE",
                    "set sink.schema.create-missing-tables=true with PROPERTIES('primary-key'=..., 'column-types'=...)"),
            Map.entry("AUTOEVOLVE", "set sink.schema.add-missing-columns=true with PROPERTIES('column-types'=...)"),
            Map.entry("BATCH", "a batch is one poll: set spring.kafka.consumer.max-poll-records; remove BATCH"),
            Map.entry("PARTITIONBY", "Cassandra partitions by the table's primary key; remove PARTITIONBY"),
            Map.entry("DISTRIBUTEBY", "Cassandra partitions by the table's primary key; remove DISTRIBUTEBY"),
            Map.entry("CLUSTERBY", "Cassandra clusters by the table's clustering columns; remove CLUSTERBY"),
            Map.entry(
                    "TIMESTAMP",
                    "map the time to a column (_timestamp AS <column>, or now() AS <column>), or write at the"
                            + " record's time with PROPERTIES('write-time'='record-timestamp')"),
            Map.entry(
                    "WITHTIMESTAMP",
                    "write at the record's time with PROPERTIES('write-time'='record-timestamp'), or at a field's with"
                            + " PROPERTIES('write-time'='path:<path>')"),
            Map.entry("WHERE", "records are not filtered: every record of the topics is written; remove WHERE"),
            Map.entry("LIMIT", "every record of the topics is written; remove LIMIT"),
            Map.entry("WITHKEY", "a source connector's clause: a sink reads the record key with _key; remove it"),
            Map.entry("KEYDELIMITER", "a source connector's clause; remove it"),
            Map.entry("INCREMENTALMODE", "a source connector's clause; remove it"),
            Map.entry("WITHUNWRAP", "a source connector's clause; remove it"),
            Map.entry("WITHCONVERTER", "set the format with PROPERTIES('value-format'=...) and 'key-format'"),
            Map.entry("DELETE", "a null value deletes the row by its key with PROPERTIES('delete-on-null'='true')"));

    /** Throws for the refused clause at the cursor; returns when the cursor is at none of them. */
    static void refuseUnsupported(SyntaxCursor cursor) {
        for (Map.Entry<String, String> clause : INSTEAD.entrySet()) {
            if (cursor.peekKeyword(clause.getKey())) {
                throw cursor.error("the Cassandra sink takes no " + clause.getKey() + ": " + clause.getValue());
            }
        }
    }
}
