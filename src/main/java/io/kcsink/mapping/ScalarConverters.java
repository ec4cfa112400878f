package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** Converters for text, boolean, uuid/timeuuid, inet and blob columns. */
final class ScalarConverters {

    private ScalarConverters() {}

    /** Text from strings and scalar values (numbers, booleans, UUIDs, times); objects, arrays and bytes are refused. */
    static Converter text(boolean ascii) {
        String cqlType = ascii ? "ascii" : "text";
        return value -> {
            String text;
            if (value instanceof CharSequence chars) {
                text = chars.toString();
            } else if (value instanceof BigDecimal big) {
                text = big.toString();
            } else if (value instanceof Number
                    || value instanceof Boolean
                    || value instanceof UUID
                    || value instanceof TemporalAccessor
                    || value instanceof CqlDuration
                    || value instanceof Character) {
                text = value.toString();
            } else if (value instanceof InetAddress address) {
                text = address.getHostAddress();
            } else {
                throw ConversionException.cannotConvert(value, cqlType, "only scalar values become text");
            }
            if (ascii) {
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) > 127) {
                        throw ConversionException.cannotConvert(value, cqlType, "non-ASCII character at index " + i);
                    }
                }
            }
            return text;
        };
    }

    static Converter bool() {
        return value -> {
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof String s) {
                String trimmed = s.strip();
                if (trimmed.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (trimmed.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
            }
            throw ConversionException.cannotConvert(value, "boolean", "only true or false are booleans");
        };
    }

    static Converter uuid(boolean timeBased) {
        String cqlType = timeBased ? "timeuuid" : "uuid";
        return value -> {
            UUID uuid;
            if (value instanceof UUID u) {
                uuid = u;
            } else if (value instanceof String s) {
                uuid = parseUuid(s.strip(), value, cqlType);
            } else {
                throw ConversionException.cannotConvert(value, cqlType, "not a UUID");
            }
            if (timeBased && uuid.version() != 1) {
                throw ConversionException.cannotConvert(
                        value, cqlType, "a timeuuid must be a version 1 UUID, this is version " + uuid.version());
            }
            return uuid;
        };
    }

    /** Strict 8-4-4-4-12 hex form; {@link UUID#fromString} accepts shortened groups, which are typos here. */
    private static UUID parseUuid(String s, Object value, String cqlType) {
        if (s.length() != 36) {
            throw ConversionException.cannotConvert(value, cqlType, "not a UUID (expect 8-4-4-4-12 hex digits)");
        }
        long most = 0;
        long least = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    throw ConversionException.cannotConvert(
                            value, cqlType, "not a UUID (expect 8-4-4-4-12 hex digits)");
                }
                continue;
            }
            int nibble = Character.digit(c, 16);
            if (nibble < 0) {
                throw ConversionException.cannotConvert(value, cqlType, "not a UUID (expect 8-4-4-4-12 hex digits)");
            }
            if (digits < 16) {
                most = (most << 4) | nibble;
            } else {
                least = (least << 4) | nibble;
            }
            digits++;
        }
        return new UUID(most, least);
    }

    /** IP address literals only: a host name would need a DNS look-up, which has no place in mapping. */
    static Converter inet() {
        return value -> {
            if (value instanceof InetAddress address) {
                return address;
            }
            if (value instanceof String s) {
                String text = s.strip();
                if (text.startsWith("[") && text.endsWith("]")) {
                    text = text.substring(1, text.length() - 1);
                }
                byte[] v4 = parseIpv4(text);
                try {
                    if (v4 != null) {
                        return InetAddress.getByAddress(v4);
                    }
                    if (text.indexOf(':') >= 0 && isIpv6Text(text)) {
                        return InetAddress.getByName(text); // an IPv6 literal: parsed, never looked up
                    }
                } catch (UnknownHostException | SecurityException e) {
                    // falls through to the error below
                }
            }
            throw ConversionException.cannotConvert(value, "inet", "not an IPv4 or IPv6 address literal");
        };
    }

    private static byte @org.jspecify.annotations.Nullable [] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int current = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (current < 0 || part > 3) {
                    return null;
                }
                bytes[part++] = (byte) current;
                current = -1;
            } else if (c >= '0' && c <= '9') {
                current = (current < 0 ? 0 : current * 10) + (c - '0');
                if (current > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static boolean isIpv6Text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                return false;
            }
        }
        return true;
    }

    /** Blob from bytes, a byte buffer (read, never consumed) or base64 text. */
    static Converter blob() {
        return value -> {
            if (value instanceof ByteBuffer buffer) {
                return buffer.duplicate();
            }
            if (value instanceof byte[] bytes) {
                return ByteBuffer.wrap(bytes);
            }
            if (value instanceof String s) {
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(s.strip()));
                } catch (IllegalArgumentException e) {
                    throw ConversionException.cannotConvert(
                            value,
                            "blob",
                            "not base64 (" + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT) + ")");
                }
            }
            throw ConversionException.cannotConvert(value, "blob", "only bytes or base64 text become a blob");
        };
    }
}
