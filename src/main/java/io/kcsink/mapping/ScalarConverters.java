package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** Converters for text, boolean, uuid/timeuuid, inet and blob columns. */
final class ScalarConverters {

    private ScalarConverters() {}

    /**
     * Text from strings and scalar values (numbers, booleans, UUIDs, times); objects, arrays and bytes are refused, and
     * so is a string with a lone surrogate (JSON's {@code "\ud800"}), which UTF-8 cannot hold.
     */
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
            } else if (!ascii && (value instanceof java.util.Map<?, ?> || value instanceof java.util.List<?>)) {
                throw ConversionException.cannotConvert(
                        value,
                        cqlType,
                        "an object or array becomes text only as its JSON text, with the route property"
                                + " text-json=true (or text-json.<column>=true)");
            } else {
                throw ConversionException.cannotConvert(value, cqlType, "only scalar values become text");
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (ascii && c > 127) {
                    throw ConversionException.cannotConvert(value, cqlType, "non-ASCII character at index " + i);
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    } else {
                        // UTF-8 cannot encode it: the driver would store '?' in its place.
                        throw ConversionException.cannotConvert(
                                value, cqlType, "a lone surrogate at index " + i + " is not Unicode text");
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
            int nibble = hexDigit(c);
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

    /**
     * IP address literals only, each kept byte for byte: a host name would need a DNS look-up, which has no place in
     * mapping, and a zone id ({@code %eth0}) cannot be stored in an inet column, so both are refused.
     */
    static Converter inet() {
        return value -> {
            if (value instanceof InetAddress address) {
                return address;
            }
            if (value instanceof String s) {
                InetAddress address = InetLiterals.parse(s.strip());
                if (address != null) {
                    return address;
                }
            }
            throw ConversionException.cannotConvert(value, "inet", "not an IPv4 or IPv6 address literal");
        };
    }

    /**
     * Blob from bytes, a byte buffer (read, never consumed), the CQL hex literal {@code 0x…} (either case, as cqlsh
     * prints it) or base64 text, standard or URL-safe, padded or not. {@code 0x} followed by hex digits only is hex
     * (an odd number of them is a typo, refused); base64 that happens to begin with {@code 0x} has other characters
     * after it in all but a tiny share of values, and stays base64.
     */
    static Converter blob() {
        return value -> {
            if (value instanceof ByteBuffer buffer) {
                return buffer.duplicate();
            }
            if (value instanceof byte[] bytes) {
                return ByteBuffer.wrap(bytes);
            }
            if (value instanceof String s) {
                String text = s.strip();
                if (isHexLiteral(text)) {
                    if (text.length() % 2 != 0) {
                        throw ConversionException.cannotConvert(
                                value, "blob", "a 0x hex literal needs an even number of digits");
                    }
                    byte[] bytes = new byte[text.length() / 2 - 1];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) ((hexDigit(text.charAt(2 + 2 * i)) << 4) | hexDigit(text.charAt(3 + 2 * i)));
                    }
                    return ByteBuffer.wrap(bytes);
                }
                try {
                    return ByteBuffer.wrap(base64(text).decode(text));
                } catch (IllegalArgumentException e) {
                    throw ConversionException.cannotConvert(
                            value,
                            "blob",
                            "neither a 0x hex literal nor base64 ("
                                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT) + ")");
                }
            }
            throw ConversionException.cannotConvert(
                    value, "blob", "only bytes, 0x hex text or base64 text become a blob");
        };
    }

    /** {@code 0x} or {@code 0X} followed by ASCII hex digits only (any number of them). */
    static boolean isHexLiteral(String text) {
        if (text.length() < 2 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            return false;
        }
        for (int i = 2; i < text.length(); i++) {
            if (hexDigit(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** URL-safe base64 when the text uses its alphabet ({@code -} or {@code _}), standard base64 otherwise. */
    private static Base64.Decoder base64(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || c == '_') {
                return Base64.getUrlDecoder();
            }
        }
        return Base64.getDecoder();
    }

    /** The value of an ASCII hex digit, or -1: {@link Character#digit} would also take Arabic-Indic or fullwidth. */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
