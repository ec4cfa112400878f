package io.kcsink.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Converters for timestamp columns, and the reading of epoch numbers, zones and ISO text that the other time converters
 * share. Numbers are read in their configured unit and must fall in the epoch range; text without an offset is read in
 * the configured zone, and a local time that the zone skips or repeats (a daylight-saving change) is refused rather than
 * guessed. A timestamp column holds milliseconds: finer digits of the input are the column's precision and are dropped
 * (toward the past), as Cassandra would.
 */
final class TemporalConverters {

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private TemporalConverters() {}

    /**
     * Timestamp from a java.time value, a number of {@code format.timestampUnit()} since the epoch (number or numeric
     * text), ISO-8601 text with or without offset (a space may replace the {@code T}), an ISO date, or, when the format
     * has one, text in its timestamp pattern (then only that).
     */
    static Converter timestamp(TemporalFormat format) {
        DateTimeFormatter pattern = format.timestampPattern();
        EpochUnit unit = format.timestampUnit();
        ZoneId zone = format.zone();
        EpochRange range = format.epochRange();
        long min = range.min(unit);
        long max = range.max(unit);
        return value -> {
            try {
                Instant instant = instant(value, zone);
                if (instant != null) {
                    return instant.truncatedTo(ChronoUnit.MILLIS);
                }
                if (value instanceof String text) {
                    String trimmed = text.strip();
                    if (pattern != null) {
                        return fromPattern(pattern.parse(trimmed), zone, value).truncatedTo(ChronoUnit.MILLIS);
                    }
                    if (isNumber(trimmed)) {
                        return epoch(value, unit, min, max, range, "timestamp", "timestamp-unit")
                                .truncatedTo(ChronoUnit.MILLIS);
                    }
                    return parseIso(trimmed, zone, value).truncatedTo(ChronoUnit.MILLIS);
                }
                if (value instanceof Number) {
                    return epoch(value, unit, min, max, range, "timestamp", "timestamp-unit")
                            .truncatedTo(ChronoUnit.MILLIS);
                }
            } catch (DateTimeException | ArithmeticException e) {
                throw ConversionException.cannotConvert(
                        value,
                        "timestamp",
                        (pattern == null
                                        ? "not ISO-8601 date-time or epoch " + unit.label()
                                        : "does not match the timestamp-pattern")
                                + " (" + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, "timestamp", "only date-times, epoch numbers or date-time text become a timestamp");
        };
    }

    /** The instant of a java.time value (local ones in {@code zone}), or null when the value is not one. */
    static @Nullable Instant instant(Object value, ZoneId zone) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return inZone(local, zone, value);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        return null;
    }

    /** A number of {@code unit} since the epoch, refused outside the range. */
    static Instant epoch(
            Object value, EpochUnit unit, long min, long max, EpochRange range, String type, String unitOption) {
        if (isWhole(value)) {
            long count = whole(value);
            if (count < min || count > max) {
                throw ConversionException.cannotConvert(
                        value, type, range.outside(BigDecimal.valueOf(count), unit, unitOption));
            }
            return switch (unit) {
                case SECONDS -> Instant.ofEpochSecond(count);
                case MILLISECONDS -> Instant.ofEpochMilli(count);
                case MICROSECONDS ->
                    Instant.ofEpochSecond(Math.floorDiv(count, 1_000_000L), Math.floorMod(count, 1_000_000L) * 1_000L);
                case NANOSECONDS ->
                    Instant.ofEpochSecond(Math.floorDiv(count, 1_000_000_000L), Math.floorMod(count, 1_000_000_000L));
            };
        }
        BigDecimal count = NumberConverters.decimal(value, type);
        BigInteger nanos = unit.toNanos(count);
        if (!range.contains(nanos)) {
            throw ConversionException.cannotConvert(value, type, range.outside(count, unit, unitOption));
        }
        BigInteger[] split = nanos.divideAndRemainder(NANOS_PER_SECOND);
        if (split[1].signum() < 0) {
            split[0] = split[0].subtract(BigInteger.ONE);
            split[1] = split[1].add(NANOS_PER_SECOND);
        }
        return Instant.ofEpochSecond(split[0].longValueExact(), split[1].longValue());
    }

    /** Whether the value is a whole number that fits a long without any arithmetic: {@link #whole} reads it. */
    static boolean isWhole(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof String text) {
            String trimmed = text.strip();
            return trimmed.length() <= 18 && isInteger(trimmed);
        }
        return false;
    }

    /** The long of a value for which {@link #isWhole} holds; read without boxing, as this runs for every record. */
    static long whole(Object value) {
        return value instanceof String text ? Long.parseLong(text.strip()) : ((Number) value).longValue();
    }

    static Instant parseIso(String text, ZoneId zone, Object value) {
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        if (iso.length() <= 10) {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
        }
        TemporalAccessor parsed =
                DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
        return parsed instanceof ZonedDateTime zoned ? zoned.toInstant() : inZone((LocalDateTime) parsed, zone, value);
    }

    private static Instant fromPattern(TemporalAccessor parsed, ZoneId zone, Object value) {
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(parsed);
        }
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("the pattern gives no date");
        }
        ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        ZoneId in = parsedZone != null ? parsedZone : zone;
        LocalTime time = parsed.query(TemporalQueries.localTime());
        return time == null ? date.atStartOfDay(in).toInstant() : inZone(date.atTime(time), in, value);
    }

    /**
     * The instant of a local date-time in a zone; refused when the zone skips it (the clocks moved forward over it) or
     * repeats it (moved back over it), since either answer would be a guess.
     */
    static Instant inZone(LocalDateTime local, ZoneId zone, Object value) {
        if (zone instanceof ZoneOffset offset) {
            return local.toInstant(offset);
        }
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.size() == 1) {
            return local.toInstant(offsets.get(0));
        }
        throw ConversionException.cannotConvert(
                value,
                "timestamp",
                offsets.isEmpty()
                        ? local + " does not exist in " + zone + " (skipped by a daylight-saving change); give the text"
                                + " an offset"
                        : local + " is ambiguous in " + zone + " (it happens twice, at " + offsets.get(0) + " and "
                                + offsets.get(1) + "); give the text an offset");
    }

    /** Optional sign and digits only: such text is an epoch number, not a date. */
    static boolean isInteger(String text) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() <= start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A decimal number ({@code -12}, {@code 1700000000.5}, {@code 1.7e9}): text read as a count, not as a date. */
    static boolean isNumber(String text) {
        int i = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        int digits = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponent = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return i == text.length();
    }
}
