package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What a JSON number (decoded as {@code Integer}, {@code Long}, {@code BigInteger} or {@code BigDecimal}) or numeric
 * text becomes in each numeric column: exact, the nearest float or double, or a per-record error.
 */
class NumberExactnessProperties {

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60))
                .flatMap(unscaled ->
                        Arbitraries.integers().between(-400, 400).map(scale -> new BigDecimal(unscaled, scale)));
    }

    @Provide
    Arbitrary<BigInteger> hugeIntegers() {
        return Arbitraries.bigIntegers().between(BigInteger.TEN.pow(80).negate(), BigInteger.TEN.pow(80));
    }

    @Property
    void decimalKeepsEveryDigitOfAJsonNumberOrText(@ForAll("decimals") BigDecimal value) {
        assertThat(convert(DataTypes.DECIMAL, value)).isEqualTo(value);
        assertThat(convert(DataTypes.DECIMAL, value.toString())).isEqualTo(value);
    }

    @Property
    void varintKeepsEveryDigitOfAJsonNumberOrText(@ForAll("hugeIntegers") BigInteger value) {
        assertThat(convert(DataTypes.VARINT, value)).isEqualTo(value);
        assertThat(convert(DataTypes.VARINT, value.toString())).isEqualTo(value);
        assertThat(convert(DataTypes.VARINT, new BigDecimal(value).setScale(3))).isEqualTo(value);
    }

    @Property
    void bigintIsExactInRangeAndRefusedOutside(@ForAll("hugeIntegers") BigInteger value) {
        boolean fits = value.bitLength() <= 63;
        if (fits) {
            assertThat(convert(DataTypes.BIGINT, value)).isEqualTo(value.longValueExact());
            assertThat(convert(DataTypes.BIGINT, value.toString())).isEqualTo(value.longValueExact());
        } else {
            assertRejects(DataTypes.BIGINT, value).hasMessageContaining("overflow");
            assertRejects(DataTypes.BIGINT, value.toString()).hasMessageContaining("overflow");
        }
    }

    @Example
    void bigintOnePastItsMaximumIsRefusedNotWrapped() {
        assertRejects(DataTypes.BIGINT, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE))
                .hasMessageContaining("overflow");
        assertRejects(DataTypes.BIGINT, BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE))
                .hasMessageContaining("overflow");
    }

    @Property
    void integerColumnsRefuseAnyFraction(@ForAll("decimals") BigDecimal value) {
        boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (!integral) {
            assertRejects(DataTypes.INT, value).hasMessageContaining("has a fraction");
            assertRejects(DataTypes.VARINT, value).hasMessageContaining("has a fraction");
            assertRejects(DataTypes.TINYINT, value.toString()).hasMessageContaining("has a fraction");
        }
    }

    @Property
    void doubleIsTheNearestDoubleToADecimal(@ForAll("decimals") BigDecimal value) {
        if (value.abs().compareTo(new BigDecimal("1e308")) > 0 || isTiny(value, new BigDecimal("1e-320"))) {
            return; // overflow and underflow are refused, checked elsewhere
        }
        double d = (double) convert(DataTypes.DOUBLE, value);
        assertNearest(value, new BigDecimal(d), new BigDecimal(Math.nextUp(d)), new BigDecimal(Math.nextDown(d)));
        assertThat(convert(DataTypes.DOUBLE, value.toString())).isEqualTo(d);
    }

    @Property
    void floatIsTheNearestFloatToADecimal(@ForAll("decimals") BigDecimal value) {
        if (value.abs().compareTo(new BigDecimal("3e38")) > 0 || isTiny(value, new BigDecimal("1e-44"))) {
            return;
        }
        float f = (float) convert(DataTypes.FLOAT, value);
        assertNearest(value, new BigDecimal(f), new BigDecimal(Math.nextUp(f)), new BigDecimal(Math.nextDown(f)));
        assertThat(convert(DataTypes.FLOAT, value.toString())).isEqualTo(f);
    }

    @Property
    void floatIsTheNearestFloatToAnyLong(@ForAll long value) {
        float f = (float) convert(DataTypes.FLOAT, value);
        BigDecimal exact = new BigDecimal(value);
        assertNearest(exact, new BigDecimal(f), new BigDecimal(Math.nextUp(f)), new BigDecimal(Math.nextDown(f)));
    }

    @Example
    void roundsOnceToFloatWhereRoundingThroughDoubleWouldMiss() {
        // Just above the midpoint between 1 and the next float: the nearest double is the midpoint itself, which
        // rounds (to even) down to 1.0f; the nearest float is above.
        assertThat(convert(DataTypes.FLOAT, new BigDecimal("1.00000005960464477539062500001")))
                .isEqualTo(Math.nextUp(1.0f));
        assertThat(convert(DataTypes.FLOAT, "1.00000005960464477539062500001")).isEqualTo(Math.nextUp(1.0f));
        long justAboveAFloatMidpoint = (1L << 60) + (1L << 36) + 1;
        assertThat(convert(DataTypes.FLOAT, justAboveAFloatMidpoint)).isEqualTo(Math.nextUp((float) (1L << 60)));
    }

    @Example
    void keepsNegativeZeroGivenAsText() {
        assertThat(Double.doubleToRawLongBits((double) convert(DataTypes.DOUBLE, "-0.0")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Float.floatToRawIntBits((float) convert(DataTypes.FLOAT, "-0")))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits((double) convert(DataTypes.DOUBLE, "0.0")))
                .isZero();
    }

    @Example
    void takesNaNAndInfinitiesOnlyByName() {
        assertThat((double) convert(DataTypes.DOUBLE, "NaN")).isNaN();
        assertThat((float) convert(DataTypes.FLOAT, "NaN")).isNaN();
        assertThat(convert(DataTypes.FLOAT, "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(convert(DataTypes.DOUBLE, "+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertRejects(DataTypes.DOUBLE, "nan").hasMessageContaining("not a number");
        assertRejects(DataTypes.FLOAT, "1e39").hasMessageContaining("overflow");
        assertRejects(DataTypes.FLOAT, new BigDecimal("1e-50")).hasMessageContaining("underflow");
    }

    private static boolean isTiny(BigDecimal value, BigDecimal limit) {
        return value.signum() != 0 && value.abs().compareTo(limit) < 0;
    }

    private static void assertNearest(BigDecimal exact, BigDecimal chosen, BigDecimal up, BigDecimal down) {
        BigDecimal error = exact.subtract(chosen).abs();
        assertThat(error)
                .as("%s → %s", exact, chosen)
                .isLessThanOrEqualTo(exact.subtract(up).abs());
        assertThat(error)
                .as("%s → %s", exact, chosen)
                .isLessThanOrEqualTo(exact.subtract(down).abs());
    }
}
