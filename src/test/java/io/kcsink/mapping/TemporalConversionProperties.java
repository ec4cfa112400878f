package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of every unit, zone and pattern a route can set, and the epoch range at its edges. */
class TemporalConversionProperties {

    private static final long FIRST_SECOND = EpochRange.DEFAULT.from().getEpochSecond();
    private static final long LAST_SECOND = EpochRange.DEFAULT.to().getEpochSecond();
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(FIRST_SECOND, LAST_SECOND),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(
                        "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "-03:30")
                .map(ZoneId::of);
    }

    @Provide
    Arbitrary<String> timestampPatterns() {
        return Arbitraries.of(
                "dd/MM/yyyy HH:mm:ss.SSS",
                "yyyyMMddHHmmssSSS",
                "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "MMM d, yyyy h:mm:ss.SSS a");
    }

    @Provide
    Arbitrary<String> datePatterns() {
        return Arbitraries.of("dd/MM/yyyy", "yyyyMMdd", "d MMM yyyy", "yyyy-DDD");
    }

    @Provide
    Arbitrary<String> timePatterns() {
        return Arbitraries.of("HH:mm:ss.SSSSSSSSS", "HHmmssnnnnnnnnn", "h:mm:ss.SSSSSSSSS a");
    }

    private static BigInteger nanos(Instant instant) {
        return EpochRange.nanos(instant);
    }

    /** The exact count of {@code unit} since the epoch, a fraction where the instant is finer than the unit. */
    private static BigDecimal count(Instant instant, EpochUnit unit) {
        return new BigDecimal(nanos(instant)).divide(BigDecimal.valueOf(unit.nanos()));
    }

    @Property
    void timestampsRoundTripInEveryUnit(@ForAll("instants") Instant instant, @ForAll EpochUnit unit) {
        Converter converter = TemporalConverters.timestamp(TemporalFormat.DEFAULT.withTimestampUnit(unit));
        BigDecimal count = count(instant, unit);
        Instant held = instant.truncatedTo(ChronoUnit.MILLIS);

        assertThat(converter.convert(count)).isEqualTo(held);
        assertThat(converter.convert(count.toPlainString())).isEqualTo(held);
        BigInteger whole = count.setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
        if (whole.bitLength() < 63
                && nanos(instant).mod(BigInteger.valueOf(unit.nanos())).signum() == 0) {
            assertThat(converter.convert(whole.longValueExact())).isEqualTo(held);
        }
    }

    @Property
    void aNumberIsATimestampExactlyWhenItsInstantIsInTheEpochRange(@ForAll long count, @ForAll EpochUnit unit) {
        Converter converter = TemporalConverters.timestamp(TemporalFormat.DEFAULT.withTimestampUnit(unit));
        boolean inside = EpochRange.DEFAULT.contains(unit.toNanos(BigDecimal.valueOf(count)));

        Throwable failure = catchThrowable(() -> converter.convert(count));

        if (inside) {
            assertThat(failure).isNull();
        } else {
            assertThat(failure).isInstanceOf(ConversionException.class).hasMessageContaining("outside epoch-range");
        }
    }

    @Property
    void epochRangeEdgesAreInsideAndOneStepBeyondIsOutside(@ForAll EpochUnit unit) {
        Converter converter = TemporalConverters.timestamp(TemporalFormat.DEFAULT.withTimestampUnit(unit));
        long first = EpochRange.DEFAULT.min(unit);
        long last = EpochRange.DEFAULT.max(unit);

        assertThat(converter.convert(first)).isEqualTo(EpochRange.DEFAULT.from());
        assertThat(catchThrowable(() -> converter.convert(first - 1))).isInstanceOf(ConversionException.class);
        if (last < Long.MAX_VALUE) {
            BigInteger[] lastNanos = BigInteger.valueOf(last)
                    .multiply(BigInteger.valueOf(unit.nanos()))
                    .divideAndRemainder(NANOS_PER_SECOND);
            assertThat(converter.convert(last))
                    .isEqualTo(Instant.ofEpochSecond(lastNanos[0].longValueExact(), lastNanos[1].longValue())
                            .truncatedTo(ChronoUnit.MILLIS));
            assertThat(catchThrowable(() -> converter.convert(last + 1))).isInstanceOf(ConversionException.class);
        }
    }

    @Property
    void localTextIsReadInTheZoneOrRefusedWhenTheZoneSkipsOrRepeatsIt(
            @ForAll("instants") Instant instant, @ForAll("zones") ZoneId zone) {
        Instant held = instant.truncatedTo(ChronoUnit.MILLIS);
        LocalDateTime local = LocalDateTime.ofInstant(held, zone);
        Converter converter = TemporalConverters.timestamp(TemporalFormat.DEFAULT.withZone(zone));

        if (zone.getRules().getValidOffsets(local).size() == 1) {
            assertThat(converter.convert(local.toString())).isEqualTo(held);
        } else {
            assertThat(catchThrowable(() -> converter.convert(local.toString())))
                    .isInstanceOf(ConversionException.class)
                    .hasMessageContaining("is ambiguous in " + zone);
        }
    }

    @Property
    void timestampPatternsRoundTrip(
            @ForAll("instants") Instant instant,
            @ForAll("timestampPatterns") String pattern,
            @ForAll("zones") ZoneId zone) {
        Instant held = instant.truncatedTo(ChronoUnit.MILLIS);
        DateTimeFormatter formatter = TemporalOptions.pattern(pattern);
        String text = formatter.format(held.atZone(zone));
        Converter converter = TemporalConverters.timestamp(
                TemporalFormat.DEFAULT.withTimestampPattern(formatter).withZone(zone));

        if (pattern.endsWith("XXX")
                || zone.getRules()
                                .getValidOffsets(LocalDateTime.ofInstant(held, zone))
                                .size()
                        == 1) {
            assertThat(converter.convert(text)).isEqualTo(held);
        } else {
            assertThat(catchThrowable(() -> converter.convert(text))).isInstanceOf(ConversionException.class);
        }
    }

    @Property
    void datesRoundTripAsEpochDaysAndThroughPatterns(
            @ForAll("instants") Instant instant, @ForAll("datePatterns") String pattern) {
        LocalDate date = LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC);
        DateTimeFormatter formatter = TemporalOptions.pattern(pattern);

        assertThat(DateAndTimeConverters.date(TemporalFormat.DEFAULT).convert(date.toEpochDay()))
                .isEqualTo(date);
        assertThat(DateAndTimeConverters.date(TemporalFormat.DEFAULT).convert(date.toString()))
                .isEqualTo(date);
        assertThat(DateAndTimeConverters.date(TemporalFormat.DEFAULT.withDatePattern(formatter))
                        .convert(formatter.format(date)))
                .isEqualTo(date);
    }

    @Property
    void timesRoundTripAsNanosOfDayAndThroughPatterns(
            @ForAll("instants") Instant instant, @ForAll("timePatterns") String pattern) {
        LocalTime time = LocalTime.ofInstant(instant, java.time.ZoneOffset.UTC);
        DateTimeFormatter formatter = TemporalOptions.pattern(pattern);

        assertThat(DateAndTimeConverters.time(TemporalFormat.DEFAULT).convert(time.toNanoOfDay()))
                .isEqualTo(time);
        assertThat(DateAndTimeConverters.time(TemporalFormat.DEFAULT).convert(time.toString()))
                .isEqualTo(time);
        assertThat(DateAndTimeConverters.time(TemporalFormat.DEFAULT.withTimePattern(formatter))
                        .convert(formatter.format(time)))
                .isEqualTo(time);
    }

    @Property
    void writeTimesRoundTripInEveryUnitAndAsIsoText(@ForAll("instants") Instant instant, @ForAll EpochUnit unit) {
        Converter converter =
                WriteTimeAndTtlConverters.writeTimeMicros(unit, java.time.ZoneOffset.UTC, EpochRange.DEFAULT);
        long micros = nanos(instant).divide(BigInteger.valueOf(1_000)).longValueExact();

        assertThat(converter.convert(count(instant, unit))).isEqualTo(micros);
        assertThat(converter.convert(instant.toString())).isEqualTo(micros);
    }

    @Property
    void ttlsRoundTripInEveryUnitRoundedUpToSeconds(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 630_720_000_000_000_000L) long nanos,
            @ForAll EpochUnit unit) {
        Converter converter = WriteTimeAndTtlConverters.ttlSeconds(unit, RouteOptions.MAX_TTL_SECONDS);
        BigDecimal count = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unit.nanos()));
        long expected = BigInteger.valueOf(nanos)
                .add(NANOS_PER_SECOND.subtract(BigInteger.ONE))
                .divide(NANOS_PER_SECOND)
                .longValueExact();

        assertThat(converter.convert(count)).isEqualTo((int) expected);
        assertThat(converter.convert(count.toPlainString())).isEqualTo((int) expected);
        if (count.stripTrailingZeros().scale() <= 0) {
            assertThat(converter.convert(count.longValueExact())).isEqualTo((int) expected);
        }
    }
}
