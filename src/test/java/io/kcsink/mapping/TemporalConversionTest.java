package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class TemporalConversionTest {

    private static final Instant SEED = Instant.parse("2016-05-06T13:53:00Z");

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
    void convertsEpochMillisNumbersAndNumericStringsToTimestamp() {
        assertThat(convert(DataTypes.TIMESTAMP, SEED.toEpochMilli())).isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, String.valueOf(SEED.toEpochMilli())))
                .isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, LocalDateTime.of(2016, 5, 6, 13, 53)))
                .isEqualTo(SEED);
        assertThat(convert(DataTypes.TIMESTAMP, java.util.Date.from(SEED))).isEqualTo(SEED);
    }

    @Test
    void rejectsFractionalMillisAndGarbageIntoTimestamp() {
        assertRejects(DataTypes.TIMESTAMP, 1.5).hasMessageContaining("has a fraction");
        assertRejects(DataTypes.TIMESTAMP, "yesterday").hasMessageContaining("not ISO-8601 date-time");
        assertRejects(DataTypes.TIMESTAMP, "2016-13-06T00:00:00Z").hasMessageContaining("timestamp");
        assertRejects(DataTypes.TIMESTAMP, true).hasMessageContaining("only date-times");
    }

    @Test
    void parsesTimestampsWithAConfiguredPatternAsUtc() {
        Converter converter = TemporalConverters.timestamp(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm"));
        assertThat(converter.convert("06/05/2016 13:53")).isEqualTo(SEED);
        Converter withOffset = TemporalConverters.timestamp(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mmXXX"));
        assertThat(withOffset.convert("06/05/2016 15:53+02:00")).isEqualTo(SEED);
        Converter dateOnly = TemporalConverters.timestamp(DateTimeFormatter.ofPattern("yyyyMMdd"));
        assertThat(dateOnly.convert("20160506")).isEqualTo(Instant.parse("2016-05-06T00:00:00Z"));
    }

    @Test
    void rejectsTextThatDoesNotMatchTheTimestampPattern() {
        Converter converter = TemporalConverters.timestamp(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> converter.convert("2016-05-06T13:53:00Z")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("does not match the timestamp-pattern");
    }

    @Test
    void convertsIsoDatesAndEpochDaysToDate() {
        assertThat(convert(DataTypes.DATE, "2016-05-06")).isEqualTo(LocalDate.of(2016, 5, 6));
        assertThat(convert(DataTypes.DATE, 16927)).isEqualTo(LocalDate.of(2016, 5, 6));
        assertThat(convert(DataTypes.DATE, "16927")).isEqualTo(LocalDate.of(2016, 5, 6));
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
