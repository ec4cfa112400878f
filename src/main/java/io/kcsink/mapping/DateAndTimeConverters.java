package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Converters for date, time and duration columns. A date never silently loses a time of day, and a number of days must
 * fall in the epoch range.
 */
final class DateAndTimeConverters {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private DateAndTimeConverters() {}

    /**
     * Date from a LocalDate, ISO date text, text in the format's date pattern (then only that), or a number of days since
     * 1970-01-01 (number or numeric text) inside the epoch range.
     */
    static Converter date(TemporalFormat format) {
        DateTimeFormatter pattern = format.datePattern();
        EpochRange range = format.epochRange();
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
                if (value instanceof String text && pattern != null) {
                    TemporalAccessor parsed = pattern.parse(text.strip());
                    LocalDate date = parsed.query(TemporalQueries.localDate());
                    LocalTime time = parsed.query(TemporalQueries.localTime());
                    if (date == null) {
                        throw new DateTimeException("the pattern gives no date");
                    }
                    if (time != null && !time.equals(LocalTime.MIDNIGHT)) {
                        throw ConversionException.cannotConvert(
                                value, "date", "has a time of day; refusing to drop it");
                    }
                    return date;
                }
                if (value instanceof String text && !TemporalConverters.isInteger(text.strip())) {
                    return LocalDate.parse(text.strip());
                }
                if (value instanceof Number || value instanceof String) {
                    long days = NumberConverters.exactLong(value, "date", Integer.MIN_VALUE, Integer.MAX_VALUE);
                    if (!range.containsDay(days)) {
                        throw ConversionException.cannotConvert(value, "date", daysOutside(days, range));
                    }
                    return LocalDate.ofEpochDay(days);
                }
            } catch (DateTimeException e) {
                throw ConversionException.cannotConvert(
                        value,
                        "date",
                        (pattern == null ? "not an ISO date" : "does not match the date-pattern") + " ("
                                + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(value, "date", "only dates, date text or epoch days become a date");
        };
    }

    private static String daysOutside(long days, EpochRange range) {
        String text = days + " days since 1970-01-01 is "
                + EpochRange.describe(BigInteger.valueOf(days).multiply(BigInteger.valueOf(NANOS_PER_DAY)))
                + ", outside epoch-range " + range;
        for (EpochUnit unit : EpochUnit.values()) {
            BigInteger nanos = unit.toNanos(BigDecimal.valueOf(days));
            if (range.contains(nanos)) {
                return text + "; as " + unit.label() + " since the epoch it would be " + EpochRange.describe(nanos)
                        + ", but a date column counts days";
            }
        }
        return text;
    }

    /**
     * Time of day from a LocalTime, ISO local time text, text in the format's time pattern (then only that), or
     * nanoseconds of the day (number or numeric text).
     */
    static Converter time(TemporalFormat format) {
        DateTimeFormatter pattern = format.timePattern();
        return value -> {
            try {
                if (value instanceof LocalTime time) {
                    return time;
                }
                if (value instanceof String text && pattern != null) {
                    LocalTime time = pattern.parse(text.strip()).query(TemporalQueries.localTime());
                    if (time == null) {
                        throw new DateTimeException("the pattern gives no time of day");
                    }
                    return time;
                }
                if (value instanceof String text && !TemporalConverters.isInteger(text.strip())) {
                    return LocalTime.parse(text.strip());
                }
                if (value instanceof Number || value instanceof String) {
                    long nanos = NumberConverters.exactLong(value, "time", 0, NANOS_PER_DAY - 1);
                    return LocalTime.ofNanoOfDay(nanos);
                }
            } catch (DateTimeException e) {
                throw ConversionException.cannotConvert(
                        value,
                        "time",
                        (pattern == null ? "not an ISO local time" : "does not match the time-pattern") + " ("
                                + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, "time", "only times, time text or nanoseconds of the day become a time");
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
}
