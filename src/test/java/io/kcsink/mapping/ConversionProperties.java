package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ConversionProperties {

    private static final List<DataType> SCALAR_TYPES = List.of(
            DataTypes.ASCII,
            DataTypes.TEXT,
            DataTypes.TINYINT,
            DataTypes.SMALLINT,
            DataTypes.INT,
            DataTypes.BIGINT,
            DataTypes.VARINT,
            DataTypes.FLOAT,
            DataTypes.DOUBLE,
            DataTypes.DECIMAL,
            DataTypes.BOOLEAN,
            DataTypes.UUID,
            DataTypes.TIMEUUID,
            DataTypes.TIMESTAMP,
            DataTypes.DATE,
            DataTypes.TIME,
            DataTypes.DURATION,
            DataTypes.INET,
            DataTypes.BLOB);

    private static Object convert(DataType type, Object value) {
        return Converters.forType(type, null).convert(value);
    }

    @Property
    void intsRoundTripAsNumbersAndText(@ForAll int value) {
        for (Object form : List.of(value, (long) value, (double) value, String.valueOf(value), new BigDecimal(value))) {
            assertThat(convert(DataTypes.INT, form)).isEqualTo(value);
        }
    }

    @Property
    void longsRoundTripAsNumbersAndText(@ForAll long value) {
        for (Object form : List.of(value, String.valueOf(value), BigInteger.valueOf(value), new BigDecimal(value))) {
            assertThat(convert(DataTypes.BIGINT, form)).isEqualTo(value);
        }
    }

    @Property
    void finiteDoublesRoundTripThroughText(@ForAll double value) {
        if (Double.isFinite(value)) {
            assertThat(convert(DataTypes.DOUBLE, Double.toString(value))).isEqualTo(value);
            assertThat(convert(DataTypes.DOUBLE, value)).isEqualTo(value);
            assertThat(convert(DataTypes.DECIMAL, value)).isEqualTo(BigDecimal.valueOf(value));
        }
    }

    @Property
    void decimalsRoundTripExactlyThroughText(@ForAll BigDecimal value) {
        assertThat(convert(DataTypes.DECIMAL, value.toString())).isEqualTo(value);
        assertThat((BigDecimal) convert(DataTypes.DECIMAL, value.toPlainString()))
                .isEqualByComparingTo(value);
    }

    @Property
    void timestampsRoundTripAsEpochMillisAndIsoText(
            @ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        if (millis >= 31_536_000_000L) { // numbers only inside the default epoch-range, from 1971
            assertThat(convert(DataTypes.TIMESTAMP, millis)).isEqualTo(instant);
            assertThat(convert(DataTypes.TIMESTAMP, String.valueOf(millis))).isEqualTo(instant);
        }
        assertThat(convert(DataTypes.TIMESTAMP, instant.toString())).isEqualTo(instant);
        assertThat(convert(
                        DataTypes.TIMESTAMP,
                        instant.atOffset(java.time.ZoneOffset.ofHours(5)).toString()))
                .isEqualTo(instant);
    }

    @Property
    void uuidsRoundTripInEitherCase(@ForAll long most, @ForAll long least) {
        UUID uuid = new UUID(most, least);
        assertThat(convert(DataTypes.UUID, uuid.toString())).isEqualTo(uuid);
        assertThat(convert(DataTypes.UUID, uuid.toString().toUpperCase(Locale.ROOT)))
                .isEqualTo(uuid);
    }

    @Property
    void integerColumnsNeverTruncateOrWrapADouble(@ForAll double value) {
        for (DataType type : List.of(DataTypes.TINYINT, DataTypes.SMALLINT, DataTypes.INT, DataTypes.BIGINT)) {
            Object converted = attempt(type, value);
            if (converted != null) {
                assertThat(new BigDecimal(((Number) converted).longValue()))
                        .isEqualByComparingTo(new BigDecimal(value));
            }
        }
    }

    @Property
    void integerColumnsNeverTruncateOrWrapNumericText(@ForAll("numericText") String text) {
        BigDecimal exact = new BigDecimal(text);
        for (DataType type :
                List.of(DataTypes.TINYINT, DataTypes.SMALLINT, DataTypes.INT, DataTypes.BIGINT, DataTypes.VARINT)) {
            Object converted = attempt(type, text);
            if (converted != null) {
                BigDecimal result = converted instanceof BigInteger big
                        ? new BigDecimal(big)
                        : new BigDecimal(((Number) converted).longValue());
                assertThat(result).isEqualByComparingTo(exact);
            }
        }
    }

    @Property
    void floatColumnsKeepTheNearestFloatAndNeverOverflowOrZeroSilently(@ForAll double value) {
        Object converted = attempt(DataTypes.FLOAT, value);
        if (converted != null) {
            float result = (Float) converted;
            assertThat(result).isEqualTo((float) value);
            if (Double.isFinite(value)) {
                assertThat(Float.isFinite(result)).isTrue();
            }
            assertThat(result == 0.0f).isEqualTo(value == 0.0);
        }
    }

    @Property
    void doubleColumnsNeverOverflowOrZeroSilentlyFromText(@ForAll("numericText") String text) {
        Object converted = attempt(DataTypes.DOUBLE, text);
        BigDecimal exact = new BigDecimal(text);
        if (converted != null) {
            double result = (Double) converted;
            assertThat(Double.isFinite(result)).isTrue();
            assertThat(result).isEqualTo(exact.doubleValue());
            assertThat(result == 0.0).isEqualTo(exact.signum() == 0);
        }
    }

    @Property
    void anyTextIntoAnyScalarTypeConvertsOrFailsWithAConversionException(
            @ForAll("anyText") String text, @ForAll("scalarTypes") DataType type) {
        attempt(type, text);
    }

    @Provide
    Arbitrary<String> numericText() {
        Arbitrary<String> digits =
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMaxLength(5);
        Arbitrary<Integer> exponent = Arbitraries.integers().between(-400, 400);
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.of("", "-", "+"), digits, fraction, exponent, Arbitraries.of(true, false))
                .as((sign, integer, frac, exp, withExp) ->
                        sign + integer + (frac.isEmpty() ? "" : "." + frac) + (withExp ? "e" + exp : ""));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789-+.:eETZPYMDHS /x").ofMaxLength(30),
                numericText());
    }

    @Provide
    Arbitrary<DataType> scalarTypes() {
        return Arbitraries.of(SCALAR_TYPES);
    }

    /** The converted value, or null when the converter refused with a ConversionException (and nothing else). */
    private static Object attempt(DataType type, Object value) {
        Object[] result = new Object[1];
        Throwable failure = catchThrowable(() -> result[0] = convert(type, value));
        if (failure != null) {
            assertThat(failure).as("converting %s to %s", value, type).isInstanceOf(ConversionException.class);
            return null;
        }
        return result[0];
    }
}
