package io.kcsink.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The instants a number may stand for ({@code epoch-range}): a number of the wrong unit lands far outside it. With the
 * default, 1971-01-01 to 9999-12-31, seconds read as milliseconds (January 1970 for any date before 2969), milliseconds
 * read as seconds or microseconds as milliseconds (tens of thousands of years ahead) are refused instead of stored.
 */
record EpochRange(Instant from, Instant to, String text) {

    static final EpochRange DEFAULT = parse("1971-01-01/9999-12-31");

    /** Every instant a long count of milliseconds can name: no plausibility check. */
    static final EpochRange ANY_MILLIS =
            new EpochRange(Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(Long.MAX_VALUE), "any");

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    EpochRange {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("is not an epoch range: it starts after it ends");
        }
    }

    /**
     * A range written {@code <from>/<to>}, each an ISO date ({@code 1971-01-01}) or instant
     * ({@code 1971-01-01T00:00:00Z}); both ends are included, a date as {@code to} with its whole day.
     *
     * @throws IllegalArgumentException when it does not read so
     */
    static EpochRange parse(String text) {
        String[] ends = text.strip().split("/", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException("is not an epoch range: write <from>/<to>, e.g. 1971-01-01/9999-12-31");
        }
        try {
            Instant from = instant(ends[0].strip(), false);
            Instant to = instant(ends[1].strip(), true);
            return new EpochRange(from, to, ends[0].strip() + "/" + ends[1].strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "is not an epoch range: each end must be an ISO date or instant (" + e.getMessage() + ")");
        }
    }

    private static Instant instant(String text, boolean endOfDay) {
        if (text.length() <= 10) {
            LocalDate date = LocalDate.parse(text);
            return endOfDay
                    ? date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                    : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    }

    /** The smallest count of {@code unit} inside the range, clamped to a long. */
    long min(EpochUnit unit) {
        return clamp(ceilDiv(nanos(from), unit.nanos()));
    }

    /** The largest count of {@code unit} inside the range, clamped to a long. */
    long max(EpochUnit unit) {
        return clamp(floorDiv(nanos(to), unit.nanos()));
    }

    boolean contains(BigInteger epochNanos) {
        return epochNanos.compareTo(nanos(from)) >= 0 && epochNanos.compareTo(nanos(to)) <= 0;
    }

    boolean containsDay(long epochDay) {
        return epochDay >= LocalDate.ofInstant(from, ZoneOffset.UTC).toEpochDay()
                && epochDay <= LocalDate.ofInstant(to, ZoneOffset.UTC).toEpochDay();
    }

    /**
     * Why a number of {@code unit} is refused, for the operator: the instant it would be, and the units in which it would
     * be in range, if any.
     */
    String outside(BigDecimal count, EpochUnit unit, String unitOption) {
        StringBuilder text = new StringBuilder()
                .append(count.toPlainString())
                .append(' ')
                .append(unit.label())
                .append(" since the epoch is ")
                .append(describe(unit.toNanos(count)))
                .append(", outside epoch-range ")
                .append(this.text);
        StringBuilder fits = new StringBuilder();
        for (EpochUnit other : EpochUnit.values()) {
            BigInteger nanos = other.toNanos(count);
            if (other != unit && contains(nanos)) {
                fits.append(fits.isEmpty() ? "" : ", ")
                        .append("as ")
                        .append(other.label())
                        .append(" it would be ")
                        .append(describe(nanos));
            }
        }
        if (!fits.isEmpty()) {
            text.append("; ").append(fits).append(": set ").append(unitOption);
        } else {
            text.append("; widen epoch-range if such instants are real");
        }
        return text.toString();
    }

    /** An instant in ISO-8601 when it has one, else its distance from the epoch in years. */
    static String describe(BigInteger epochNanos) {
        BigInteger[] split = epochNanos.divideAndRemainder(NANOS_PER_SECOND);
        BigInteger seconds = split[1].signum() < 0 ? split[0].subtract(BigInteger.ONE) : split[0];
        try {
            return Instant.ofEpochSecond(seconds.longValueExact()).toString();
        } catch (ArithmeticException | DateTimeException e) {
            return "about " + seconds.divide(BigInteger.valueOf(31_556_952L)) + " years from 1970";
        }
    }

    static BigInteger nanos(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond())
                .multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(instant.getNano()));
    }

    private static BigInteger floorDiv(BigInteger value, long divisor) {
        BigInteger[] split = value.divideAndRemainder(BigInteger.valueOf(divisor));
        return split[1].signum() < 0 ? split[0].subtract(BigInteger.ONE) : split[0];
    }

    private static BigInteger ceilDiv(BigInteger value, long divisor) {
        BigInteger[] split = value.divideAndRemainder(BigInteger.valueOf(divisor));
        return split[1].signum() > 0 ? split[0].add(BigInteger.ONE) : split[0];
    }

    private static long clamp(BigInteger value) {
        return value.max(LONG_MIN).min(LONG_MAX).longValue();
    }

    @Override
    public String toString() {
        return text;
    }
}
