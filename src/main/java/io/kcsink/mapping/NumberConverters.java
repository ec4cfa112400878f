package io.kcsink.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Converters for the numeric CQL types. Integers accept any number or numeric string whose value is integral and in
 * range; float and double keep the nearest representable value of a finite number (that is the column's precision)
 * but reject overflow and underflow to zero; decimal keeps the exact value. Nothing is ever truncated or zeroed.
 */
final class NumberConverters {

    /** Integer digits beyond which a decimal is not even looked at (varint or not, nobody means 10^10000). */
    private static final int MAX_INTEGER_DIGITS = 10_000;

    private static final Double NAN = Double.NaN;
    private static final Double POSITIVE_INFINITY = Double.POSITIVE_INFINITY;
    private static final Double NEGATIVE_INFINITY = Double.NEGATIVE_INFINITY;

    private NumberConverters() {}

    static Converter tinyint() {
        return value -> (byte) exactLong(value, "tinyint", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    static Converter smallint() {
        return value -> (short) exactLong(value, "smallint", Short.MIN_VALUE, Short.MAX_VALUE);
    }

    static Converter integer() {
        return value -> (int) exactLong(value, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static Converter bigint(String cqlType) {
        return value -> exactLong(value, cqlType, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static Converter varint() {
        return value -> {
            if (value instanceof BigInteger big) {
                return big;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return BigInteger.valueOf(((Number) value).longValue());
            }
            return integral(decimal(value, "varint"), value, "varint");
        };
    }

    /**
     * The float nearest to the value sent. Integers and decimals are rounded to float in one step: going through the
     * nearest double first would round twice and, for a value just past a midpoint between two floats, miss.
     */
    static Converter floatConverter() {
        return value -> {
            if (value instanceof Float f) {
                return f;
            }
            if (value instanceof Double d) {
                return toFloat(value, d);
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return (float) ((Number) value).longValue();
            }
            if (value instanceof String text) {
                Double special = special(text.strip());
                if (special != null) {
                    return special.floatValue();
                }
            }
            BigDecimal big = decimal(value, "float");
            float f = big.floatValue();
            if (Float.isInfinite(f)) {
                throw ConversionException.cannotConvert(value, "float", "overflow: beyond float's range ±3.4E38");
            }
            if (f == 0.0f && big.signum() != 0) {
                throw ConversionException.cannotConvert(value, "float", "underflow: too small for a float, would be 0");
            }
            return f == 0.0f && negativeZeroText(value) ? -0.0f : f;
        };
    }

    private static float toFloat(Object value, double d) {
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw ConversionException.cannotConvert(value, "float", "overflow: beyond float's range ±3.4E38");
        }
        if (f == 0.0f && d != 0.0) {
            throw ConversionException.cannotConvert(value, "float", "underflow: too small for a float, would be 0");
        }
        return f;
    }

    static Converter doubleConverter() {
        return value -> toDouble(value, "double");
    }

    static Converter decimalConverter() {
        return value -> {
            if (value instanceof BigDecimal big) {
                return big;
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw ConversionException.cannotConvert(value, "decimal", "not a finite number");
                }
                // The shortest decimal that reads back as the same binary value: 94.2, not 94.2000000000000028...
                return value instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
            }
            return decimal(value, "decimal");
        };
    }

    /** An integral value in [min, max] from any number or numeric string. */
    static long exactLong(Object value, String cqlType, long min, long max) {
        long result;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            result = ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw ConversionException.cannotConvert(value, cqlType, "not a finite number");
            }
            if (d != Math.rint(d)) {
                throw ConversionException.cannotConvert(value, cqlType, "has a fraction; refusing to truncate");
            }
            if (d < -0x1p63 || d >= 0x1p63) {
                throw overflow(value, cqlType, min, max);
            }
            result = (long) d;
        } else {
            BigInteger big = value instanceof BigInteger b ? b : integral(decimal(value, cqlType), value, cqlType);
            if (big.bitLength() > 63) {
                throw overflow(value, cqlType, min, max);
            }
            result = big.longValue();
        }
        if (result < min || result > max) {
            throw overflow(value, cqlType, min, max);
        }
        return result;
    }

    /** A double from any number or numeric string; NaN and ±Infinity only when they are what the value says. */
    static double toDouble(Object value, String cqlType) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Float
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String text) {
            Double special = special(text.strip());
            if (special != null) {
                return special;
            }
        }
        BigDecimal big = decimal(value, cqlType);
        double d = big.doubleValue();
        if (Double.isInfinite(d)) {
            throw ConversionException.cannotConvert(value, cqlType, "overflow: beyond " + cqlType + "'s range");
        }
        if (d == 0.0 && big.signum() != 0) {
            throw ConversionException.cannotConvert(value, cqlType, "underflow: too small, would be 0");
        }
        return d == 0.0 && negativeZeroText(value) ? -0.0 : d;
    }

    /** NaN or ±Infinity for their names, null for any other text. */
    private static @Nullable Double special(String text) {
        return switch (text) {
            case "NaN" -> NAN;
            case "Infinity", "+Infinity" -> POSITIVE_INFINITY;
            case "-Infinity" -> NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** Text such as {@code "-0.0"}: a decimal has no negative zero, but the float or double sent had one. */
    private static boolean negativeZeroText(Object value) {
        return value instanceof String text && text.strip().startsWith("-");
    }

    /** The exact decimal value of a number or numeric string. */
    static BigDecimal decimal(Object value, String cqlType) {
        if (value instanceof BigDecimal big) {
            return big;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw ConversionException.cannotConvert(value, cqlType, "not a finite number");
            }
            return new BigDecimal(d);
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw ConversionException.cannotConvert(value, cqlType, "not a number");
            }
        }
        throw ConversionException.cannotConvert(value, cqlType, "not a number");
    }

    private static BigInteger integral(BigDecimal big, Object value, String cqlType) {
        if (big.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigDecimal stripped = big.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw ConversionException.cannotConvert(value, cqlType, "has a fraction; refusing to truncate");
        }
        if ((long) stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw ConversionException.cannotConvert(value, cqlType, "overflow: more than 10000 digits");
        }
        return stripped.toBigIntegerExact();
    }

    private static ConversionException overflow(Object value, String cqlType, long min, long max) {
        return ConversionException.cannotConvert(value, cqlType, "overflow: " + cqlType + " holds " + min + ".." + max);
    }
}
