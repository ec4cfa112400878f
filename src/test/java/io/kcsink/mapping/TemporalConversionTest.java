package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TemporalConversionTest {

    private static final Instant SEED = Instant.parse("2016-05-06T13:53:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Converter timestamp(TemporalFormat format) {
        return TemporalConverters.timestamp(format);
    }

    private static TemporalFormat unit(EpochUnit unit) {
        return TemporalFormat.DEFAULT.withTimestampUnit(unit);
    }

    private static TemporalFormat pattern(String pattern) {
        return TemporalFormat.DEFAULT.withTimestampPattern(TemporalOptions.pattern(pattern));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefuses(Converter converter, Object value) {
        return assertThatThrownBy(() -> converter.convert(value)).isInstanceOf(ConversionException.class);
    }

    @Test
    void convertsIsoTimestampsWithAndWithoutOffset() {
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06T13:53:00Z")).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06T15:53:00+02:00")).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06T13:53:00")).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06 13:53:00")).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06T13:53:00.123Z")).isEqualTo(SEED.plusMillis(123));
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06")).isEqualTo(Instant.parse("2016-05-06T00:00:00Z"));
    }

    @Test
    void keepsMillisecondsOfFinerTextAsTheColumnHoldsThem() {
        assertThat(convert(DataTypes.TIMESTAMP, "2016-05-06T13:53:00.123999Z")).isEqualTo(SEED.plusMillis(123));
        assertThat(convert(DataTypes.TIMESTAMP, Instant.parse("2016-05-06T13:53:00.123999999Z")))
                .isEqualTo(SEED.plusMillis(123));
    }

    @Test
    void convertsEpochMillisNumbersAndNumericStringsToTimestamp() {
        assertThat(convert(DataTypes.TIMESTAMP, SEED.toEpochMilli())).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, String.valueOf(SEED.toEpochMilli())))
                .isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, LocalDateTime.of(2016, 5, 6, 13, 53)))
                .isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, java.util.Date.from(SEED))).isEqualTo(SEED);
    }

    @Test
    void refusesEpochSecondsWhereMillisecondsAreExpectedAndSaysWhichUnitFits() {
        assertRejects(DataTypes.TIMESTAMP, 1_700_000_000L)
                .hasMessageContaining("1700000000 ms since the epoch is 1970-01-20T16:13:20Z")
                .hasMessageContaining("outside epoch-range 1971-01-01/9999-12-31")
                .hasMessageContaining("as s it would be 2023-11-14T22:13:20Z: set timestamp-unit");
        assertRejects(DataTypes.TIMESTAMP, "1700000000").hasMessageContaining("as s it would be");
    }

    @Test
    void refusesEpochMicrosecondsWhereMillisecondsAreExpected() {
        assertRejects(DataTypes.TIMESTAMP, 1_700_000_000_000_000L)
                .hasMessageContaining("outside epoch-range")
                .hasMessageContaining("as us it would be 2023-11-14T22:13:20Z");
    }

    @Test
    void readsNumbersInTheConfiguredUnit() {
        Instant at = Instant.parse("2023-11-14T22:13:20.123Z");
        assertThat(timestamp(unit(EpochUnit.SECONDS)).convert(1_700_000_000L)).isEqualTo(at.minusMillis(123));
        assertThat(timestamp(unit(EpochUnit.SECONDS)).convert("1700000000.123")).isEqualTo(at);
        assertThat(timestamp(unit(EpochUnit.SECONDS)).convert(new BigDecimal("1700000000.1239")))
                .isEqualTo(at);
        assertThat(timestamp(unit(EpochUnit.MILLISECONDS)).convert(1_700_000_000_123L))
                .isEqualTo(at);
        assertThat(timestamp(unit(EpochUnit.MICROSECONDS)).convert(1_700_000_000_123_999L))
                .isEqualTo(at);
        assertThat(timestamp(unit(EpochUnit.NANOSECONDS)).convert("1700000000123999999"))
                .isEqualTo(at);
    }

    @Test
    void refusesMillisecondsWhereSecondsAreExpected() {
        assertRefuses(timestamp(unit(EpochUnit.SECONDS)), 1_700_000_000_123L)
                .hasMessageContaining("1700000000123 s since the epoch is")
                .hasMessageContaining("as ms it would be 2023-11-14T22:13:20Z");
    }

    @Test
    void theEpochRangeIsConfigurable() {
        TemporalFormat old = TemporalFormat.DEFAULT.withEpochRange(EpochRange.parse("1900-01-01/2100-12-31"));
        Instant birth = Instant.parse("1950-01-01T00:00:00Z");

        assertThat(timestamp(old).convert(birth.toEpochMilli())).isEqualTo(birth);
        assertRejects(DataTypes.TIMESTAMP, birth.toEpochMilli()).hasMessageContaining("widen epoch-range");
        assertRefuses(timestamp(old), Instant.parse("2101-01-01T00:00:00Z").toEpochMilli())
                .hasMessageContaining("outside epoch-range 1900-01-01/2100-12-31");
    }

    @Test
    void rejectsGarbageIntoTimestamp() {
        assertRejects(DataTypes.TIMESTAMP, 1.5).hasMessageContaining("outside epoch-range");
        assertRejects(DataTypes.TIMESTAMP, "yesterday").hasMessageContaining("not ISO-8601 date-time or epoch ms");
        assertRejects(DataTypes.TIMESTAMP, "2016-13-06T00:00:00Z").hasMessageContaining("timestamp");
        assertRejects(DataTypes.TIMESTAMP, true).hasMessageContaining("only date-times");
        assertRejects(DataTypes.TIMESTAMP, Double.NaN).hasMessageContaining("not a finite number");
    }

    @Test
    void readsTextWithoutAnOffsetInTheConfiguredZone() {
        Converter paris = timestamp(TemporalFormat.DEFAULT.withZone(PARIS));

        assertThat(paris.convert("2016-05-06T15:53:00")).isEqualTo(SEED);
        assertThat(paris.convert("2016-05-06 15:53")).isEqualTo(SEED);
        assertThat(paris.convert("2016-05-06")).isEqualTo(Instant.parse("2016-05-05T22:00:00Z"));
        assertThat(paris.convert(LocalDateTime.of(2016, 5, 6, 15, 53))).isEqualTo(SEED);
        assertThat(paris.convert("2016-05-06T13:53:00Z")).isEqualTo(SEED);
        assertThat(paris.convert(SEED.toEpochMilli())).isEqualTo(SEED);
    }

    @Test
    void refusesLocalTimesThatTheZoneSkipsOrRepeats() {
        Converter paris = timestamp(TemporalFormat.DEFAULT.withZone(PARIS));

        assertRefuses(paris, "2016-03-27T02:30:00")
                .hasMessageContaining("does not exist in Europe/Paris (skipped by a daylight-saving change)");
        assertRefuses(paris, "2016-10-30T02:30:00")
                .hasMessageContaining("is ambiguous in Europe/Paris (it happens twice, at +02:00 and +01:00)");
        assertThat(paris.convert("2016-10-30T02:30:00+01:00")).isEqualTo(Instant.parse("2016-10-30T01:30:00Z"));
    }

    @Test
    void parsesTimestampsWithAConfiguredPatternInTheZone() {
        assertThat(timestamp(pattern("dd/MM/yyyy HH:mm")).convert("06/05/2016 13:53"))
                .isEqualTo(SEED);
        assertThat(timestamp(pattern("dd/MM/yyyy HH:mmXXX")).convert("06/05/2016 15:53+02:00"))
                .isEqualTo(SEED);
        assertThat(timestamp(pattern("yyyyMMdd")).convert("20160506")).isEqualTo(Instant.parse("2016-05-06T00:00:00Z"));
        assertThat(timestamp(pattern("dd/MM/yyyy HH:mm").withZone(PARIS)).convert("06/05/2016 15:53"))
                .isEqualTo(SEED);
    }

    @Test
    void patternsRefuseDaysThatDoNotExistInsteadOfMovingThem() {
        assertRefuses(timestamp(pattern("dd/MM/yyyy")), "31/02/2016")
                .hasMessageContaining("does not match the timestamp-pattern");
        assertRefuses(timestamp(pattern("dd/MM/yyyy HH:mm")), "06/05/2016 24:00")
                .hasMessageContaining("does not match the timestamp-pattern");
    }

    @Test
    void rejectsTextThatDoesNotMatchTheTimestampPattern() {
        assertRefuses(timestamp(pattern("dd/MM/yyyy HH:mm")), "2016-05-06T13:53:00Z")
                .hasMessageContaining("does not match the timestamp-pattern");
    }

    @Test
    void convertsIsoDatesAndEpochDaysToDate() {
        assertThat(convert(DataTypes.DATE, "2016-05-06")).isEqualTo(LocalDate.of(2016, 5, 6));
        assertThat(convert(DataTypes.DATE, 16927)).isEqualTo(LocalDate.of(2016, 5, 6));
        assertThat(convert(DataTypes.DATE, "16927")).isEqualTo(LocalDate.of(2016, 5, 6));
    }

    @Test
    void refusesEpochDaysOutsideTheRangeAndSaysWhenTheyLookLikeSeconds() {
        assertRejects(DataTypes.DATE, 1_700_000_000L)
                .hasMessageContaining("1700000000 days since 1970-01-01 is")
                .hasMessageContaining("outside epoch-range 1971-01-01/9999-12-31")
                .hasMessageContaining(
                        "as s since the epoch it would be 2023-11-14T22:13:20Z, but a date column counts" + " days");
        assertRejects(DataTypes.DATE, -1).hasMessageContaining("outside epoch-range");
        Converter old = DateAndTimeConverters.date(
                TemporalFormat.DEFAULT.withEpochRange(EpochRange.parse("1900-01-01/9999-12-31")));
        assertThat(old.convert(-1)).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    @Test
    void parsesDatesWithADatePattern() {
        Converter converter = DateAndTimeConverters.date(
                TemporalFormat.DEFAULT.withDatePattern(TemporalOptions.pattern("dd/MM/yyyy")));

        assertThat(converter.convert("06/05/2016")).isEqualTo(LocalDate.of(2016, 5, 6));
        assertRefuses(converter, "2016-05-06").hasMessageContaining("does not match the date-pattern");
        assertRefuses(converter, "31/04/2016").hasMessageContaining("does not match the date-pattern");
    }

    @Test
    void aDatePatternWithATimeRefusesToDropIt() {
        Converter converter = DateAndTimeConverters.date(
                TemporalFormat.DEFAULT.withDatePattern(TemporalOptions.pattern("dd/MM/yyyy HH:mm")));

        assertThat(converter.convert("06/05/2016 00:00")).isEqualTo(LocalDate.of(2016, 5, 6));
        assertRefuses(converter, "06/05/2016 13:53").hasMessageContaining("has a time of day; refusing to drop it");
    }

    @Test
    void rejectsDateTimesAndGarbageIntoDate() {
        assertRejects(DataTypes.DATE, "2016-05-06T10:00:00").hasMessageContaining("not an ISO date");
        assertRejects(DataTypes.DATE, LocalDateTime.of(2016, 5, 6, 1, 0)).hasMessageContaining("refusing to drop");
        assertRejects(DataTypes.DATE, 1.5).hasMessageContaining("has a fraction");
    }

    @Test
    void convertsIsoTimesAndNanosOfDayToTime() {
        assertThat(convert(DataTypes.TIME, "13:53:00.5")).isEqualTo(LocalTime.of(13, 53, 0, 500_000_000));
        assertThat(convert(DataTypes.TIME, 1_000_000_000L)).isEqualTo(LocalTime.of(0, 0, 1));
        assertRejects(DataTypes.TIME, 86_400_000_000_000L).hasMessageContaining("overflow");
        assertRejects(DataTypes.TIME, "25:00").hasMessageContaining("not an ISO local time");
    }

    @Test
    void parsesTimesWithATimePattern() {
        Converter converter =
                DateAndTimeConverters.time(TemporalFormat.DEFAULT.withTimePattern(TemporalOptions.pattern("h:mm a")));

        assertThat(converter.convert("1:53 PM")).isEqualTo(LocalTime.of(13, 53));
        assertRefuses(converter, "13:53").hasMessageContaining("does not match the time-pattern");
    }

    @Test
    void convertsIsoAndCqlDurations() {
        assertThat(convert(DataTypes.DURATION, "PT1H30M")).isEqualTo(CqlDuration.from("1h30m"));
        assertThat(convert(DataTypes.DURATION, "1h30m")).isEqualTo(CqlDuration.newInstance(0, 0, 5_400_000_000_000L));
        assertThat(convert(DataTypes.DURATION, "P1M2D")).isEqualTo(CqlDuration.newInstance(1, 2, 0));
        assertThat(convert(DataTypes.DURATION, Duration.ofSeconds(2)))
                .isEqualTo(CqlDuration.newInstance(0, 0, 2_000_000_000L));
    }

    @Test
    void rejectsGarbageAndNumbersIntoDuration() {
        assertRejects(DataTypes.DURATION, "soon").hasMessageContaining("not an ISO-8601 or CQL duration");
        assertRejects(DataTypes.DURATION, 5).hasMessageContaining("only durations");
    }
}
