package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.CqlVector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converters for list, set, map and vector columns: each element goes through the element type's converter. Cassandra
 * collections cannot hold null, so a null element is an error rather than a silently dropped entry.
 */
final class CollectionConverters {

    private CollectionConverters() {}

    static Converter list(Converter element, String cqlType) {
        return value -> {
            Collection<?> source = collection(value, cqlType);
            List<Object> result = new ArrayList<>(source.size());
            int index = 0;
            for (Object item : source) {
                result.add(element(element, item, index++, cqlType));
            }
            return result;
        };
    }

    static Converter set(Converter element, String cqlType) {
        return value -> {
            Collection<?> source = collection(value, cqlType);
            Set<Object> result = new LinkedHashSet<>(Math.max(16, source.size() * 2));
            int index = 0;
            for (Object item : source) {
                result.add(element(element, item, index++, cqlType));
            }
            return result;
        };
    }

    /**
     * Map from an object; JSON's string keys are converted to the key type like any other value ("1" → int 1). Two
     * keys that convert to the same key ("1" and "01") are refused rather than one entry silently dropped.
     */
    static Converter map(Converter key, Converter valueConverter, String cqlType) {
        return value -> {
            if (!(value instanceof Map<?, ?> source)) {
                throw ConversionException.cannotConvert(value, cqlType, "only an object becomes a map");
            }
            Map<Object, Object> result = new LinkedHashMap<>(Math.max(16, source.size() * 2));
            for (Map.Entry<?, ?> entry : source.entrySet()) {
                Object rawKey = entry.getKey();
                Object rawValue = entry.getValue();
                if (rawKey == null || rawValue == null) {
                    throw new ConversionException(
                            "cannot convert to " + cqlType + ": entry '" + rawKey + "' has a null "
                                    + (rawKey == null ? "key" : "value") + "; Cassandra maps cannot hold null");
                }
                Object convertedKey;
                Object convertedValue;
                try {
                    convertedKey = key.convert(rawKey);
                    convertedValue = valueConverter.convert(rawValue);
                } catch (ConversionException e) {
                    throw new ConversionException("entry '" + rawKey + "' of " + cqlType + ": " + e.getMessage());
                }
                if (result.put(convertedKey, convertedValue) != null) {
                    throw new ConversionException("cannot convert to " + cqlType + ": key '" + rawKey + "' is the same "
                            + cqlType + " key as an earlier one; one entry would be lost");
                }
            }
            return result;
        };
    }

    static Converter vector(Converter element, int dimensions, String cqlType) {
        return value -> {
            Collection<?> source = collection(value, cqlType);
            if (source.size() != dimensions) {
                throw ConversionException.cannotConvert(
                        value, cqlType, "has " + source.size() + " element(s), the vector has " + dimensions);
            }
            List<Object> result = new ArrayList<>(dimensions);
            int index = 0;
            for (Object item : source) {
                result.add(element(element, item, index++, cqlType));
            }
            return CqlVector.newInstance(result);
        };
    }

    private static Collection<?> collection(Object value, String cqlType) {
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value instanceof CqlVector<?> vector) {
            List<Object> items = new ArrayList<>(vector.size());
            vector.forEach(items::add);
            return items;
        }
        throw ConversionException.cannotConvert(value, cqlType, "only an array becomes a " + cqlType);
    }

    private static Object element(Converter converter, Object item, int index, String cqlType) {
        if (item == null) {
            throw new ConversionException("cannot convert to " + cqlType + ": element " + index
                    + " is null; Cassandra collections cannot hold null");
        }
        try {
            return converter.convert(item);
        } catch (ConversionException e) {
            throw new ConversionException("element " + index + " of " + cqlType + ": " + e.getMessage());
        }
    }
}
