package io.kcsink.mapping;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A value that cannot become its column's CQL type without losing information, or a path that meets the wrong shape.
 * Carries only the reason; {@link RoutePlan} adds route, path, column and record to make a
 * {@link RecordMappingException}. No stack trace: it is an expected, per-record outcome.
 */
final class ConversionException extends RuntimeException {

    ConversionException(String reason) {
        super(reason, null, false, false);
    }

    static ConversionException cannotConvert(Object value, String cqlType, String why) {
        return new ConversionException("cannot convert " + describe(value) + " to " + cqlType + ": " + why);
    }

    /** The value's type and a short, truncated rendering, for messages. */
    static String describe(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            return "an object with " + map.size() + " field(s)";
        }
        if (value instanceof Collection<?> collection) {
            return "an array of " + collection.size() + " element(s)";
        }
        if (value instanceof byte[] bytes) {
            return "bytes (" + bytes.length + ")";
        }
        if (value instanceof ByteBuffer buffer) {
            return "bytes (" + buffer.remaining() + ")";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        if (value instanceof CharSequence) {
            return "String \"" + text + "\"";
        }
        return value.getClass().getSimpleName() + " " + text;
    }
}
