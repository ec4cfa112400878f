package io.kcsink.mapping;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Converters for what a route reads from a path into {@code USING TIMESTAMP} and {@code USING TTL}: a write time in
 * microseconds ({@code write-time=path:}, in {@code write-time-unit}) and a TTL in seconds ({@code ttl-path}, in
 * {@code ttl-unit}).
 */
final class WriteTimeAndTtlConverters {

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private WriteTimeAndTtlConverters() {}

    /**
     * A write time in microseconds ({@code USING TIMESTAMP}) from a number of {@code unit} since the epoch inside the
     * range, ISO-8601 text (none = {@code zone}), or a java.time value. Digits finer than a microsecond are dropped.
     */
    static Converter writeTimeMicros(EpochUnit unit, ZoneId zone, EpochRange range) {
        String type = "write time";
        long min = range.min(unit);
        long max = range.max(unit);
        return value -> {
            try {
                Instant instant = TemporalConverters.instant(value, zone);
                if (instant == null && value instanceof String text && !TemporalConverters.isNumber(text.strip())) {
                    instant = TemporalConverters.parseIso(text.strip(), zone, value);
                }
                if (instant == null && (value instanceof Number || value instanceof String)) {
                    boolean isWhole = TemporalConverters.isWhole(value);
                    long whole = isWhole ? TemporalConverters.whole(value) : 0;
                    if (isWhole && whole >= min && whole <= max) {
                        // Inside the range (at most year 9999), so no product below overflows.
                        return switch (unit) {
                            case SECONDS -> whole * 1_000_000L;
                            case MILLISECONDS -> whole * 1_000L;
                            case MICROSECONDS -> whole;
                            case NANOSECONDS -> Math.floorDiv(whole, 1_000L);
                        };
                    }
                    instant = TemporalConverters.epoch(value, unit, min, max, range, type, "write-time-unit");
                }
                if (instant != null) {
                    return micros(instant);
                }
            } catch (DateTimeException | ArithmeticException e) {
                throw ConversionException.cannotConvert(
                        value, type, "not ISO-8601 date-time or epoch " + unit.label() + " (" + e.getMessage() + ")");
            }
            throw ConversionException.cannotConvert(
                    value, type, "only date-times, epoch numbers or date-time text give a write time");
        };
    }

    /** Microseconds since the epoch, toward the past (the nanosecond of an Instant is never negative). */
    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * A TTL in whole seconds ({@code USING TTL}) from a number of {@code unit} (number or numeric text), ISO-8601 duration
     * text ({@code PT1H}, {@code P1D}) or a java.time Duration: rounded up to whole seconds, so that a row never expires
     * early and a positive TTL never becomes 0 (which Cassandra reads as no TTL).
     */
    static Converter ttlSeconds(EpochUnit unit, int maxSeconds) {
        String type = "ttl (" + unit.label() + ")";
        long perSecond = 1_000_000_000L / unit.nanos();
        return value -> {
            if (TemporalConverters.isWhole(value)) {
                long whole = TemporalConverters.whole(value);
                long seconds = -Math.floorDiv(-whole, perSecond); // rounded up
                if (whole < 0 || seconds > maxSeconds) {
                    throw ConversionException.cannotConvert(
                            value, type, "overflow: a TTL is 0.." + maxSeconds + " seconds (20 years)");
                }
                return (int) seconds;
            }
            BigInteger nanos;
            if (value instanceof Duration duration) {
                nanos = BigInteger.valueOf(duration.getSeconds())
                        .multiply(NANOS_PER_SECOND)
                        .add(BigInteger.valueOf(duration.getNano()));
            } else if (value instanceof String text && !TemporalConverters.isNumber(text.strip())) {
                try {
                    Duration duration = Duration.parse(text.strip());
                    nanos = BigInteger.valueOf(duration.getSeconds())
                            .multiply(NANOS_PER_SECOND)
                            .add(BigInteger.valueOf(duration.getNano()));
                } catch (DateTimeException e) {
                    throw ConversionException.cannotConvert(
                            value, type, "not a number of " + unit.label() + " or an ISO-8601 duration such as PT1H");
                }
            } else if (value instanceof Number || value instanceof String) {
                nanos = unit.toNanos(NumberConverters.decimal(value, type));
            } else {
                throw ConversionException.cannotConvert(value, type, "only numbers or durations give a TTL");
            }
            BigInteger[] split = nanos.divideAndRemainder(NANOS_PER_SECOND);
            BigInteger seconds = split[1].signum() > 0 ? split[0].add(BigInteger.ONE) : split[0];
            if (nanos.signum() < 0 || seconds.compareTo(BigInteger.valueOf(maxSeconds)) > 0) {
                throw ConversionException.cannotConvert(
                        value, type, "overflow: a TTL is 0.." + maxSeconds + " seconds (20 years)");
            }
            return seconds.intValue();
        };
    }
}
