package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's own statement compiled against the cluster's view of it: for each marker, in marker order, how a record
 * fills it. Made by {@link CustomCqlCompiler}; {@link #map} walks the array of markers only.
 */
final class CustomStatement {

    /** How a marker is filled, and what a record without its value does. */
    enum Fill {
        /** In a {@code WHERE} relation, a primary key value, or an element's key: a record without it fails. */
        REQUIRED,
        /** An assigned or inserted value: without it the marker is left unset, or null under null-policy=write-null. */
        VALUE,
        /** In an {@code IF} condition: null is bound as null; a record without it fails. */
        CONDITION,
        /** The statement's own {@code USING TTL :m} or {@code TIMESTAMP :m}: without it, no TTL or Cassandra's time. */
        USING,
        /** The route's {@code ttl} or {@code ttl-path}, in the {@code USING} the sink added. */
        ROUTE_TTL,
        /** The route's {@code write-time}, in the {@code USING} the sink added. */
        ROUTE_WRITE_TIME
    }

    /** One marker: its name, how it is filled, and for a path the compiled binding (the column in it is the marker's). */
    record Marker(
            String name,
            @Nullable String column,
            Fill fill,
            @Nullable CompiledBinding binding) {}

    /** Stands in for a primary key column that the statement gives as a literal, in a row's key. */
    private static final String LITERAL = "<literal in cql>";

    private final Statement statement;
    private final CustomCql.Kind kind;
    private final Marker[] markers;
    private final int[] keyMarkers;
    private final boolean conditional;
    private final boolean counter;
    private final boolean idempotent;

    CustomStatement(
            Statement statement,
            CustomCql.Kind kind,
            List<Marker> markers,
            int[] keyMarkers,
            boolean conditional,
            boolean counter,
            boolean idempotent) {
        this.statement = statement;
        this.kind = kind;
        this.markers = markers.toArray(Marker[]::new);
        this.keyMarkers = keyMarkers.clone();
        this.conditional = conditional;
        this.counter = counter;
        this.idempotent = idempotent;
    }

    Statement statement() {
        return statement;
    }

    boolean conditional() {
        return conditional;
    }

    boolean counter() {
        return counter;
    }

    boolean idempotent() {
        return idempotent;
    }

    List<ColumnBinding> describe() {
        List<ColumnBinding> described = new ArrayList<>();
        for (int i = 0; i < markers.length; i++) {
            Marker marker = markers[i];
            CompiledBinding binding = marker.binding();
            String path =
                    binding != null ? binding.path().text() : marker.fill() == Fill.ROUTE_TTL ? "ttl" : "write-time";
            described.add(new ColumnBinding(
                    ":" + marker.name(), path, statement.markerTypes().get(i)));
        }
        return described;
    }

    /**
     * The record's row: one value per marker; its key, for keeping the writes of one row in order, is the values of
     * the markers that give the table's primary key columns, in key order.
     */
    // A key value copied out of 'values' is never null: a REQUIRED marker fails rather than give null.
    @SuppressWarnings("NullAway")
    Row map(RoutePlan plan, DecodedRecord record) {
        if (record.value() == null && kind != CustomCql.Kind.DELETE) {
            throw new RecordMappingException(
                    plan.name(),
                    null,
                    null,
                    record,
                    "the record's value is null (a tombstone) and the route's cql is an " + kind
                            + "; a route whose cql is a DELETE takes tombstones",
                    null);
        }
        @Nullable Object[] values = new @Nullable Object[markers.length];
        for (int i = 0; i < markers.length; i++) {
            values[i] = fill(plan, markers[i], record);
        }
        Object[] key = new Object[keyMarkers.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = keyMarkers[i] < 0 ? LITERAL : values[keyMarkers[i]];
        }
        return new Row(plan, false, values, List.of(key));
    }

    private @Nullable Object fill(RoutePlan plan, Marker marker, DecodedRecord record) {
        CompiledBinding binding = marker.binding();
        if (marker.fill() == Fill.ROUTE_TTL) {
            return plan.ttl(record);
        }
        if (marker.fill() == Fill.ROUTE_WRITE_TIME || binding == null) {
            return plan.writeTime(record);
        }
        Object constant = binding.constant();
        if (constant != null) {
            return constant;
        }
        Object raw;
        try {
            raw = binding.path().evaluate(record, binding.rawHeader());
        } catch (ConversionException e) {
            throw failure(plan, marker, binding, record, String.valueOf(e.getMessage()), e);
        }
        if (raw == FieldPath.MISSING || raw == null) {
            String why = raw == null ? "null" : "missing from the record";
            switch (marker.fill()) {
                case REQUIRED ->
                    throw failure(
                            plan,
                            marker,
                            binding,
                            record,
                            "marker :" + marker.name() + " has no value: the path is " + why,
                            null);
                case CONDITION -> {
                    if (raw == null) {
                        return null;
                    }
                    throw failure(
                            plan,
                            marker,
                            binding,
                            record,
                            "marker :" + marker.name() + " of the IF condition has no value: the path is " + why,
                            null);
                }
                case VALUE -> {
                    return raw == null && plan.options().nullPolicy() == WriteOptions.NullPolicy.WRITE_NULL
                            ? null
                            : Row.UNSET;
                }
                default -> {
                    return Row.UNSET;
                }
            }
        }
        try {
            return binding.converter().convert(raw);
        } catch (RuntimeException e) {
            throw failure(plan, marker, binding, record, "marker :" + marker.name() + ": " + e.getMessage(), e);
        }
    }

    private static RecordMappingException failure(
            RoutePlan plan,
            Marker marker,
            CompiledBinding binding,
            DecodedRecord record,
            String reason,
            @Nullable Throwable cause) {
        return new RecordMappingException(plan.name(), binding.path().text(), marker.column(), record, reason, cause);
    }
}
