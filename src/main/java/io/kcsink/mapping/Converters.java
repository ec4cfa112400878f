package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.CustomType;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import org.jspecify.annotations.Nullable;

/** Chooses the converter for a CQL type once, when a plan is compiled; nested types get nested converters. */
final class Converters {

    private Converters() {}

    /**
     * The converter for {@code type}; {@code temporal} (null = {@link TemporalFormat#DEFAULT}) says how timestamp, date
     * and time values are read, nested ones too.
     *
     * @throws IllegalArgumentException for a type no value can be converted to (custom types)
     */
    static Converter forType(DataType type, @Nullable TemporalFormat temporal) {
        String cql = type.asCql(false, true);
        if (type instanceof ListType list) {
            return CollectionConverters.list(forType(list.getElementType(), temporal), cql);
        }
        if (type instanceof SetType set) {
            return CollectionConverters.set(forType(set.getElementType(), temporal), cql);
        }
        if (type instanceof MapType map) {
            return CollectionConverters.map(
                    forType(map.getKeyType(), temporal), forType(map.getValueType(), temporal), cql);
        }
        if (type instanceof UserDefinedType udt) {
            return StructConverters.udt(udt, nested -> forType(nested, temporal));
        }
        if (type instanceof TupleType tuple) {
            return StructConverters.tuple(tuple, nested -> forType(nested, temporal));
        }
        if (type instanceof VectorType vector) {
            return CollectionConverters.vector(forType(vector.getElementType(), temporal), vector.getDimensions(), cql);
        }
        if (type instanceof CustomType) {
            throw new IllegalArgumentException("custom type " + cql + " is not supported");
        }
        if (type.equals(DataTypes.TEXT)) {
            return ScalarConverters.text(false);
        }
        if (type.equals(DataTypes.ASCII)) {
            return ScalarConverters.text(true);
        }
        if (type.equals(DataTypes.INT)) {
            return NumberConverters.integer();
        }
        if (type.equals(DataTypes.BIGINT)) {
            return NumberConverters.bigint("bigint");
        }
        if (type.equals(DataTypes.COUNTER)) {
            return NumberConverters.bigint("counter");
        }
        if (type.equals(DataTypes.SMALLINT)) {
            return NumberConverters.smallint();
        }
        if (type.equals(DataTypes.TINYINT)) {
            return NumberConverters.tinyint();
        }
        if (type.equals(DataTypes.VARINT)) {
            return NumberConverters.varint();
        }
        if (type.equals(DataTypes.FLOAT)) {
            return NumberConverters.floatConverter();
        }
        if (type.equals(DataTypes.DOUBLE)) {
            return NumberConverters.doubleConverter();
        }
        if (type.equals(DataTypes.DECIMAL)) {
            return NumberConverters.decimalConverter();
        }
        if (type.equals(DataTypes.BOOLEAN)) {
            return ScalarConverters.bool();
        }
        if (type.equals(DataTypes.UUID)) {
            return ScalarConverters.uuid(false);
        }
        if (type.equals(DataTypes.TIMEUUID)) {
            return ScalarConverters.uuid(true);
        }
        if (type.equals(DataTypes.TIMESTAMP)) {
            return TemporalConverters.timestamp(temporal == null ? TemporalFormat.DEFAULT : temporal);
        }
        if (type.equals(DataTypes.DATE)) {
            return DateAndTimeConverters.date(temporal == null ? TemporalFormat.DEFAULT : temporal);
        }
        if (type.equals(DataTypes.TIME)) {
            return DateAndTimeConverters.time(temporal == null ? TemporalFormat.DEFAULT : temporal);
        }
        if (type.equals(DataTypes.DURATION)) {
            return DateAndTimeConverters.duration();
        }
        if (type.equals(DataTypes.INET)) {
            return ScalarConverters.inet();
        }
        if (type.equals(DataTypes.BLOB)) {
            return ScalarConverters.blob();
        }
        throw new IllegalArgumentException("CQL type " + cql + " is not supported");
    }
}
