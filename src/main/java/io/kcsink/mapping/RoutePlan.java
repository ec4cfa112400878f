package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A route compiled against its table: topic matcher, statements, one precompiled binding per column and the write
 * options. Immutable; {@link #map} only walks arrays of bindings, so it is safe and cheap to call from many threads.
 * Made by {@link RoutePlanCompiler}.
 */
public final class RoutePlan {

    private final String name;
    private final String keyspace;
    private final String table;
    private final List<String> topics;
    private final @Nullable Pattern topicPattern;
    private final Statement insert;
    private final @Nullable Statement delete;
    private final CompiledBinding[] bindings;
    private final int[] primaryKeyBindings;
    private final DeleteKey[] deleteKeys;
    private final WriteOptions options;
    private final @Nullable FieldPath ttlPath;
    private final Converter ttlConverter;
    private final @Nullable FieldPath writeTimePath;
    private final Converter writeTimeConverter;
    private final Map<String, String> properties;
    private final List<ColumnBinding> described;
    private final List<MappingProblem> warnings;
    private final @Nullable CustomStatement custom;

    /** How a delete finds one primary key column in the record's key. */
    record DeleteKey(ColumnSchema column, FieldPath path, Converter converter, boolean scalarKeyFallback) {}

    RoutePlan(
            RouteSpec spec,
            TableSchema table,
            Statement insert,
            @Nullable Statement delete,
            List<CompiledBinding> bindings,
            List<DeleteKey> deleteKeys,
            WriteOptions options,
            @Nullable FieldPath ttlPath,
            Converter ttlConverter,
            @Nullable FieldPath writeTimePath,
            Converter writeTimeConverter,
            @Nullable Pattern topicPattern,
            List<MappingProblem> warnings) {
        this(
                spec,
                table,
                insert,
                delete,
                bindings,
                deleteKeys,
                options,
                ttlPath,
                ttlConverter,
                writeTimePath,
                writeTimeConverter,
                topicPattern,
                warnings,
                null);
    }

    /** A plan that writes with the route's own statement ({@code cql}). */
    RoutePlan(
            RouteSpec spec,
            TableSchema table,
            CustomStatement custom,
            WriteOptions options,
            @Nullable FieldPath ttlPath,
            Converter ttlConverter,
            @Nullable FieldPath writeTimePath,
            Converter writeTimeConverter,
            @Nullable Pattern topicPattern) {
        this(
                spec,
                table,
                custom.statement(),
                null,
                List.of(),
                List.of(),
                options,
                ttlPath,
                ttlConverter,
                writeTimePath,
                writeTimeConverter,
                topicPattern,
                List.of(),
                custom);
    }

    private RoutePlan(
            RouteSpec spec,
            TableSchema table,
            Statement insert,
            @Nullable Statement delete,
            List<CompiledBinding> bindings,
            List<DeleteKey> deleteKeys,
            WriteOptions options,
            @Nullable FieldPath ttlPath,
            Converter ttlConverter,
            @Nullable FieldPath writeTimePath,
            Converter writeTimeConverter,
            @Nullable Pattern topicPattern,
            List<MappingProblem> warnings,
            @Nullable CustomStatement custom) {
        this.custom = custom;
        this.name = spec.name();
        this.keyspace = table.keyspace();
        this.table = table.table();
        this.topics = spec.topics();
        this.topicPattern = topicPattern;
        this.insert = insert;
        this.delete = delete;
        this.bindings = bindings.toArray(CompiledBinding[]::new);
        this.deleteKeys = deleteKeys.toArray(DeleteKey[]::new);
        this.options = options;
        this.ttlPath = ttlPath;
        this.ttlConverter = ttlConverter;
        this.writeTimePath = writeTimePath;
        this.writeTimeConverter = writeTimeConverter;
        this.properties = spec.properties();
        List<Integer> keyIndexes = new ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            for (int i = 0; i < this.bindings.length; i++) {
                if (column.primaryKey() && this.bindings[i].column().name().equals(column.name())) {
                    keyIndexes.add(i);
                }
            }
        }
        this.primaryKeyBindings =
                keyIndexes.stream().mapToInt(Integer::intValue).toArray();
        this.described = custom != null
                ? custom.describe()
                : bindings.stream().map(CompiledBinding::describe).toList();
        this.warnings = List.copyOf(warnings);
    }

    public String name() {
        return name;
    }

    public String keyspace() {
        return keyspace;
    }

    public String table() {
        return table;
    }

    public List<String> topics() {
        return topics;
    }

    public @Nullable Pattern topicPattern() {
        return topicPattern;
    }

    /** Whether records of {@code topic} go through this route. */
    public boolean matchesTopic(String topic) {
        return topics.contains(topic)
                || (topicPattern != null && topicPattern.matcher(topic).matches());
    }

    /**
     * The upsert (or, for counters, {@code UPDATE ... SET c = c + ?}), or the route's own statement, whose markers a
     * non-delete {@link Row} fills.
     */
    public Statement insert() {
        return insert;
    }

    /** The delete by primary key, when delete-on-null is on. */
    public @Nullable Statement delete() {
        return delete;
    }

    /** Whether the route writes with its own statement ({@code cql}) rather than a generated one. */
    public boolean customCql() {
        return custom != null;
    }

    /**
     * Whether the route's writes are lightweight transactions ({@code if-not-exists}, or an {@code IF} in its own
     * statement): each is written alone, as Cassandra must report for each whether it was applied.
     */
    public boolean conditional() {
        return custom != null ? custom.conditional() : options.ifNotExists();
    }

    /** Whether the route's writes are counter updates, which go in counter batches only. */
    public boolean counter() {
        return custom != null ? custom.counter() : options.counters();
    }

    /**
     * Whether a write may be sent twice with the same effect, so the driver may retry it: not a conditional write
     * (its second attempt reports "not applied"), a counter update or a list append (applied twice, they add twice).
     */
    public boolean idempotent() {
        return custom != null ? custom.idempotent() : !options.ifNotExists() && !options.counters();
    }

    public List<ColumnBinding> bindings() {
        return described;
    }

    /**
     * What start-up should warn about this route without refusing it: a primary-key column filled by {@code now()} or
     * {@code uuid()}, one warning per column.
     */
    public List<MappingProblem> warnings() {
        return warnings;
    }

    public WriteOptions options() {
        return options;
    }

    /** The route's raw properties, format and dead-letter settings included. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Maps one record to one write.
     *
     * @throws RecordMappingException when the record cannot become a row: a value that does not convert without loss, a
     *     missing or null primary key, or a null value while delete-on-null is off
     */
    // The primary-key values copied out of 'values' are never null: bind() throws for a null or missing one, and a
    // converter returns a value. NullAway cannot see that through the array (mapping/ takes only annotations here).
    @SuppressWarnings("NullAway")
    public Row map(DecodedRecord record) {
        if (custom != null) {
            return custom.map(this, record);
        }
        if (record.value() == null) {
            if (delete != null) {
                return deleteRow(record);
            }
            throw new RecordMappingException(
                    name,
                    null,
                    null,
                    record,
                    "the record's value is null (a tombstone) and delete-on-null is off for this route;"
                            + " set delete-on-null=true to delete the row by its key",
                    null);
        }
        @Nullable Object[] values = new @Nullable Object[insert.markerTypes().size()];
        for (int i = 0; i < bindings.length; i++) {
            values[i] = bind(bindings[i], record);
        }
        int marker = bindings.length;
        if (options.hasTtl()) {
            values[marker++] = ttl(record);
        }
        if (options.writeTime() != WriteOptions.WriteTime.NONE) {
            values[marker] = writeTime(record);
        }
        Object[] key = new Object[primaryKeyBindings.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = values[primaryKeyBindings[i]];
        }
        return new Row(this, false, values, List.of(key));
    }

    private @Nullable Object bind(CompiledBinding binding, DecodedRecord record) {
        Object constant = binding.constant();
        if (constant != null) {
            return constant;
        }
        Object raw;
        try {
            raw = binding.path().evaluate(record, binding.rawHeader());
        } catch (ConversionException e) {
            throw failure(binding.path(), binding.column(), record, e.getMessage(), e);
        }
        boolean primaryKey = binding.column().primaryKey();
        if (raw == FieldPath.MISSING || raw == null) {
            if (primaryKey) {
                throw failure(
                        binding.path(),
                        binding.column(),
                        record,
                        "primary key column '" + binding.column().name() + "' has no value: the path is "
                                + (raw == null ? "null" : "missing from the record"),
                        null);
            }
            if (raw == null && options.nullPolicy() == WriteOptions.NullPolicy.WRITE_NULL) {
                return null;
            }
            return Row.UNSET;
        }
        return convert(binding.converter(), raw, binding.path(), binding.column(), record);
    }

    private Object convert(
            Converter converter, Object raw, FieldPath path, @Nullable ColumnSchema column, DecodedRecord record) {
        try {
            return converter.convert(raw);
        } catch (RuntimeException e) {
            throw failure(path, column, record, String.valueOf(e.getMessage()), e);
        }
    }

    /** The value of the {@code USING TTL} marker the route's {@code ttl} or {@code ttl-path} fills. */
    Object ttl(DecodedRecord record) {
        Integer ttlSeconds = options.ttlSeconds();
        if (ttlSeconds != null || ttlPath == null) {
            return ttlSeconds == null ? Row.UNSET : ttlSeconds;
        }
        Object raw = evaluate(ttlPath, record);
        if (raw == FieldPath.MISSING || raw == null) {
            return Row.UNSET;
        }
        return convert(ttlConverter, raw, ttlPath, null, record);
    }

    /** The value of the {@code USING TIMESTAMP} marker the route's {@code write-time} fills. */
    Object writeTime(DecodedRecord record) {
        if (options.writeTime() == WriteOptions.WriteTime.RECORD_TIMESTAMP || writeTimePath == null) {
            return recordWriteTime(record);
        }
        Object raw = evaluate(writeTimePath, record);
        if (raw == FieldPath.MISSING || raw == null) {
            return Row.UNSET;
        }
        return convert(writeTimeConverter, raw, writeTimePath, null, record);
    }

    /**
     * The record's write time: with {@code write-time=record-timestamp} the one its partition's clock gave it (its
     * timestamp in µs, raised above the partition's earlier records); with {@code path:}, where the values' own times
     * order the writes, a delete's is its timestamp in µs as it is.
     */
    private long recordWriteTime(DecodedRecord record) {
        boolean clock = options.writeTime() == WriteOptions.WriteTime.RECORD_TIMESTAMP;
        long time = clock ? record.writeTime() : DecodedRecord.micros(record.timestamp());
        if (time == DecodedRecord.NO_WRITE_TIME) {
            throw new RecordMappingException(
                    name,
                    "_timestamp",
                    null,
                    record,
                    "the record's timestamp (" + record.timestamp() + ") gives no write time: it is missing or after"
                            + " 9999-12-31, and "
                            + (clock
                                    ? "write-time=record-timestamp writes at it"
                                    : "a delete is written at it whenever write-time is set"),
                    null);
        }
        return time;
    }

    private Row deleteRow(DecodedRecord record) {
        Statement statement = delete;
        Object[] values =
                new Object[statement == null ? 0 : statement.markerTypes().size()];
        int marker = 0;
        if (options.writeTime() != WriteOptions.WriteTime.NONE) {
            values[marker++] = recordWriteTime(record);
        }
        Object[] key = new Object[deleteKeys.length];
        for (int i = 0; i < deleteKeys.length; i++) {
            DeleteKey deleteKey = deleteKeys[i];
            Object recordKey = record.key();
            Object raw;
            if (deleteKey.scalarKeyFallback() && recordKey != null && !(recordKey instanceof Map<?, ?>)) {
                raw = recordKey;
            } else {
                raw = evaluate(deleteKey.path(), record);
            }
            if (raw == FieldPath.MISSING || raw == null) {
                throw failure(
                        deleteKey.path(),
                        deleteKey.column(),
                        record,
                        "cannot delete: the record's value is null but its key gives no value for primary key column '"
                                + deleteKey.column().name() + "'",
                        null);
            }
            key[i] = convert(deleteKey.converter(), raw, deleteKey.path(), deleteKey.column(), record);
            values[marker++] = key[i];
        }
        return new Row(this, true, values, List.of(key));
    }

    /** The marker a column's value fills in a row of this plan; see {@link Row#get}. */
    int marker(Row row, String column) {
        if (row.plan() != this) {
            throw new IllegalArgumentException(
                    "the row is one of route '" + row.plan().name + "', not of '" + name + "'");
        }
        if (row.delete()) {
            throw new IllegalStateException(
                    "the row of route '" + name + "' is a delete by primary key: it writes no column '" + column + "'");
        }
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i].column().name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("route '" + name + "' writes no column '" + column + "' (its columns: "
                + described.stream().map(ColumnBinding::column).toList() + ")");
    }

    /** A copy of the row with one column's value converted and replaced; see {@link Row#with}. */
    Row with(Row row, String column, @Nullable Object value) {
        int marker = marker(row, column);
        CompiledBinding binding = bindings[marker];
        Object converted;
        if (value == null || value == Row.UNSET) {
            if (binding.column().primaryKey()) {
                throw new IllegalArgumentException(
                        "primary key column '" + column + "' of route '" + name + "' cannot be " + value);
            }
            converted = value;
        } else {
            try {
                converted = binding.converter().convert(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "column '" + column + "' of route '" + name + "' cannot take " + value + ": " + e.getMessage(),
                        e);
            }
        }
        @Nullable Object[] values = row.values().clone();
        values[marker] = converted;
        Object[] key = new Object[primaryKeyBindings.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = Objects.requireNonNull(values[primaryKeyBindings[i]]);
        }
        return new Row(this, false, values, List.of(key));
    }

    private @Nullable Object evaluate(FieldPath path, DecodedRecord record) {
        try {
            return path.evaluate(record, false);
        } catch (ConversionException e) {
            throw failure(path, null, record, e.getMessage(), e);
        }
    }

    private RecordMappingException failure(
            FieldPath path,
            @Nullable ColumnSchema column,
            DecodedRecord record,
            @Nullable String reason,
            @Nullable Throwable cause) {
        return new RecordMappingException(
                name, path.text(), column == null ? null : column.name(), record, String.valueOf(reason), cause);
    }

    @Override
    public String toString() {
        return "RoutePlan[" + name + " -> " + keyspace + "." + table + "]";
    }
}
