package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Converters for timestamp, date, time and duration. Times without an offset are UTC. A timestamp column holds
 * milliseconds: finer fractions in the input are the column's precision, not an error.
 */
final class TemporalConverters {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private TemporalConverters() {}

    /**
     * Timestamp from an Instant or other java.time value, epoch milliseconds (number or numeric string), ISO-8601 text
     * with or without offset (a space may replace the {@code T}), an ISO date, or text in {@code pattern} when given.
     */
    static Converter timestamp(@Nullable DateTimeFormatter pattern) {
        DateTimeFormatter withUtc = pattern == null ? null : pattern.withZone(ZoneOffset.UTC);
        return value -> {
            try {
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
                    return local.toInstant(ZoneOffset.UTC);
                }
                if (value instanceof LocalDate date) {
                    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                if (value instanceof java.util.Date date) {
                    return date.toInstant();
                }
                if (value instanceof String text) {
                    String trimmed = text.strip();
                    if (withUtc != null) {
                        return fromPattern(withUtc.parse(trimmed));
                    }
                    if (isInteger(trimmed)) {
                        return Instant.ofEpochMilli(
                                NumberConverters.exactLong(trimmed, "timestamp", Long.MIN_VALUE, Long.MAX_VALUE));
                    }
                    return parseIso(trimmed);
                }
                if (value instanceof Number) {
                    return Instant.ofEpochMilli(
                            NumberConverters.exactLong(value, "timestamp", Long.MIN_VALUE, Long.MAX_VALUE));
                }
            } catch (DateTimeException | ArithmeticException e) {
                throw ConversionException.cannotConvert(
                        value,
                        "timestamp",
                        (withUtc == null
                                        ? "not ISO-8601 date-time or epoch milliseconds"
                                        : "does not match the timestamp-pattern")
                                + " (" + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, "timestamp", "only date-times, epoch milliseconds or date-time text become a timestamp");
        };
    }

    private static Instant parseIso(String text) {
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        if (iso.length() <= 10) {
            return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        TemporalAccessor parsed =
                DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
        return parsed instanceof ZonedDateTime zoned
                ? zoned.toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    private static Instant fromPattern(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(parsed);
        }
        if (parsed.isSupported(ChronoField.NANO_OF_DAY) || parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        }
        return LocalDate.from(parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Date from a LocalDate, ISO date text, or epoch days (number or numeric string). */
    static Converter date() {
        return value -> {
            try {
                if (value instanceof LocalDate date) {
                    return date;
                }
                if (value instanceof LocalDateTime
                        || value instanceof ZonedDateTime
                        || value instanceof OffsetDateTime) {
                    throw ConversionException.cannotConvert(value, "date", "a date-time; refusing to drop its time");
                }
                if (value instanceof String text && !isInteger(text.strip())) {
                    return LocalDate.parse(text.strip());
                }
                if (value instanceof Number || value instanceof String) {
                    long days = NumberConverters.exactLong(value, "date", Integer.MIN_VALUE, Integer.MAX_VALUE);
                    return LocalDate.ofEpochDay(days);
                }
            } catch (DateTimeException e) {
                throw ConversionException.cannotConvert(value, "date", "not an ISO date (" + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, "date", "only dates, ISO date text or epoch days become a date");
        };
    }

    /** Time of day from a LocalTime, ISO local time text, or nanoseconds of the day (number or numeric string). */
    static Converter time() {
        return value -> {
            try {
                if (value instanceof LocalTime time) {
                    return time;
                }
                if (value instanceof String text && !isInteger(text.strip())) {
                    return LocalTime.parse(text.strip());
                }
                if (value instanceof Number || value instanceof String) {
                    long nanos = NumberConverters.exactLong(value, "time", 0, NANOS_PER_DAY - 1);
                    return LocalTime.ofNanoOfDay(nanos);
                }
            } catch (DateTimeException e) {
                throw ConversionException.cannotConvert(
                        value, "time", "not an ISO local time (" + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, "time", "only times, ISO time text or nanoseconds of the day become a time");
        };
    }

    /** Duration from a CqlDuration, java.time Duration or Period, or ISO-8601 / CQL duration text ({@code 1h30m}). */
    static Converter duration() {
        return value -> {
            if (value instanceof CqlDuration duration) {
                return duration;
            }
            if (value instanceof Duration duration) {
                try {
                    return CqlDuration.newInstance(0, 0, duration.toNanos());
                } catch (ArithmeticException e) {
                    throw ConversionException.cannotConvert(value, "duration", "overflow");
                }
            }
            if (value instanceof Period period) {
                return CqlDuration.newInstance((int) period.toTotalMonths(), period.getDays(), 0);
            }
            if (value instanceof String text) {
                try {
                    return CqlDuration.from(text.strip());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw ConversionException.cannotConvert(
                            value, "duration", "not an ISO-8601 or CQL duration (" + e.getMessage() + ")");
                }
            }
            throw ConversionException.cannotConvert(
                    value, "duration", "only durations or duration text become a duration");
        };
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
}
