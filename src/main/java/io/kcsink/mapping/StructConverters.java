package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Converters for user-defined types (from an object, fields by name) and tuples (from an array, by position). */
final class StructConverters {

    private StructConverters() {}

    /**
     * UDT from an object: each field is matched by name (exactly, or ignoring case for lower-case field names) and
     * converted to its type; fields the UDT does not have are an error, fields the object lacks stay null.
     */
    static Converter udt(UserDefinedType type, Function<DataType, Converter> converters) {
        String cqlType = type.asCql(false, true);
        List<DataType> fieldTypes = type.getFieldTypes();
        int size = fieldTypes.size();
        Converter[] fieldConverters = new Converter[size];
        TypeCodec<Object>[] codecs = codecs(fieldTypes);
        Map<String, Integer> exact = new HashMap<>();
        Map<String, Integer> folded = new HashMap<>();
        for (int i = 0; i < size; i++) {
            fieldConverters[i] = converters.apply(fieldTypes.get(i));
            String name = type.getFieldNames().get(i).asInternal();
            exact.put(name, i);
            if (name.equals(name.toLowerCase(Locale.ROOT))) {
                folded.put(name, i);
            }
        }
        return value -> {
            if (value instanceof UdtValue udt && udt.getType().equals(type)) {
                return udt;
            }
            if (!(value instanceof Map<?, ?> source)) {
                throw ConversionException.cannotConvert(value, cqlType, "only an object becomes a UDT");
            }
            UdtValue result = type.newValue();
            for (Map.Entry<?, ?> entry : source.entrySet()) {
                String name = String.valueOf(entry.getKey());
                Integer index = exact.get(name);
                if (index == null) {
                    index = folded.get(name.toLowerCase(Locale.ROOT));
                }
                if (index == null) {
                    throw new ConversionException("cannot convert to " + cqlType + ": it has no field '" + name
                            + "' (fields: " + exact.keySet() + ")");
                }
                Object field = entry.getValue();
                if (field == null) {
                    result = result.setToNull(index);
                    continue;
                }
                try {
                    result = result.set(index, fieldConverters[index].convert(field), codecs[index]);
                } catch (ConversionException e) {
                    throw new ConversionException("field '" + name + "' of " + cqlType + ": " + e.getMessage());
                }
            }
            return result;
        };
    }

    /** Tuple from an array with exactly one element per component; null elements stay null. */
    static Converter tuple(TupleType type, Function<DataType, Converter> converters) {
        String cqlType = type.asCql(false, true);
        List<DataType> componentTypes = type.getComponentTypes();
        int size = componentTypes.size();
        Converter[] componentConverters = new Converter[size];
        for (int i = 0; i < size; i++) {
            componentConverters[i] = converters.apply(componentTypes.get(i));
        }
        TypeCodec<Object>[] codecs = codecs(componentTypes);
        return value -> {
            if (value instanceof TupleValue tuple && tuple.getType().equals(type)) {
                return tuple;
            }
            if (!(value instanceof List<?> source)) {
                throw ConversionException.cannotConvert(value, cqlType, "only an array becomes a tuple");
            }
            if (source.size() != size) {
                throw ConversionException.cannotConvert(
                        value, cqlType, "has " + source.size() + " element(s), the tuple has " + size);
            }
            TupleValue result = type.newValue();
            for (int i = 0; i < size; i++) {
                Object component = source.get(i);
                if (component == null) {
                    result = result.setToNull(i);
                    continue;
                }
                try {
                    result = result.set(i, componentConverters[i].convert(component), codecs[i]);
                } catch (ConversionException e) {
                    throw new ConversionException("component " + i + " of " + cqlType + ": " + e.getMessage());
                }
            }
            return result;
        };
    }

    @SuppressWarnings("unchecked")
    private static TypeCodec<Object>[] codecs(List<DataType> types) {
        TypeCodec<Object>[] codecs = new TypeCodec[types.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = CodecRegistry.DEFAULT.codecFor(types.get(i));
        }
        return codecs;
    }
}
