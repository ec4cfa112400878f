package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WriteTimeAndTtlConversionTest {

    private static final long MICROS = 1_700_000_000_123_456L;

    private static Converter writeTime(EpochUnit unit) {
        return WriteTimeAndTtlConverters.writeTimeMicros(unit, ZoneOffset.UTC, EpochRange.DEFAULT);
    }

    private static Converter ttl(EpochUnit unit) {
        return WriteTimeAndTtlConverters.ttlSeconds(unit, RouteOptions.MAX_TTL_SECONDS);
    }

    @Test
    void readsAWriteTimeInEachUnit() {
        assertThat(writeTime(EpochUnit.MICROSECONDS).convert(MICROS)).isEqualTo(MICROS);
        assertThat(writeTime(EpochUnit.MICROSECONDS).convert(String.valueOf(MICROS)))
                .isEqualTo(MICROS);
        assertThat(writeTime(EpochUnit.MILLISECONDS).convert(1_700_000_000_123L))
                .isEqualTo(1_700_000_000_123_000L);
        assertThat(writeTime(EpochUnit.SECONDS).convert(1_700_000_000L)).isEqualTo(1_700_000_000_000_000L);
        assertThat(writeTime(EpochUnit.SECONDS).convert(new BigDecimal("1700000000.123456")))
                .isEqualTo(MICROS);
        assertThat(writeTime(EpochUnit.NANOSECONDS).convert(1_700_000_000_123_456_789L))
                .isEqualTo(MICROS);
    }

    @Test
    void readsAWriteTimeFromIsoTextInTheRoutesZone() {
        Converter paris = WriteTimeAndTtlConverters.writeTimeMicros(
                EpochUnit.MICROSECONDS, ZoneId.of("Europe/Paris"), EpochRange.DEFAULT);

        assertThat(writeTime(EpochUnit.MICROSECONDS).convert("2023-11-14T22:13:20.123456Z"))
                .isEqualTo(MICROS);
        assertThat(paris.convert("2023-11-14T23:13:20.123456")).isEqualTo(MICROS);
        assertThat(paris.convert(Instant.parse("2023-11-14T22:13:20.123456789Z")))
                .isEqualTo(MICROS);
    }

    @Test
    void refusesAWriteTimeInTheWrongUnit() {
        assertThatThrownBy(() -> writeTime(EpochUnit.MICROSECONDS).convert(1_700_000_000_123L))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("1700000000123 us since the epoch is 1970-01-20T16:13:20Z")
                .hasMessageContaining("as ms it would be 2023-11-14T22:13:20Z: set write-time-unit");
        assertThatThrownBy(() -> writeTime(EpochUnit.MICROSECONDS).convert("soon"))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("not ISO-8601 date-time or epoch us");
    }

    @Test
    void readsATtlInEachUnitRoundedUpToWholeSeconds() {
        assertThat(ttl(EpochUnit.SECONDS).convert(60)).isEqualTo(60);
        assertThat(ttl(EpochUnit.SECONDS).convert("60")).isEqualTo(60);
        assertThat(ttl(EpochUnit.MILLISECONDS).convert(60_000L)).isEqualTo(60);
        assertThat(ttl(EpochUnit.MILLISECONDS).convert(60_001L)).isEqualTo(61);
        assertThat(ttl(EpochUnit.MILLISECONDS).convert(400)).isEqualTo(1);
        assertThat(ttl(EpochUnit.MICROSECONDS).convert(60_000_000L)).isEqualTo(60);
        assertThat(ttl(EpochUnit.SECONDS).convert(new BigDecimal("0.5"))).isEqualTo(1);
        assertThat(ttl(EpochUnit.SECONDS).convert(0)).isEqualTo(0);
    }

    @Test
    void readsATtlFromAnIsoDuration() {
        assertThat(ttl(EpochUnit.SECONDS).convert("PT1H")).isEqualTo(3600);
        assertThat(ttl(EpochUnit.MILLISECONDS).convert("P1D")).isEqualTo(86_400);
        assertThat(ttl(EpochUnit.SECONDS).convert(Duration.ofMillis(1500))).isEqualTo(2);
    }

    @Test
    void refusesNegativeOrTooLongTtls() {
        assertThatThrownBy(() -> ttl(EpochUnit.SECONDS).convert(-1))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("overflow: a TTL is 0..630720000 seconds");
        assertThatThrownBy(() -> ttl(EpochUnit.MILLISECONDS).convert(630_720_000_001L))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> ttl(EpochUnit.SECONDS).convert("soon"))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("not a number of s or an ISO-8601 duration such as PT1H");
    }
}
