package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NumberConversionTest {

    @Test
    void convertsIntegralNumbersAndNumericStringsToInt() {
        assertThat(convert(DataTypes.INT, 7)).isEqualTo(7);
        assertThat(convert(DataTypes.INT, 7L)).isEqualTo(7);
        assertThat(convert(DataTypes.INT, 7.0)).isEqualTo(7);
        assertThat(convert(DataTypes.INT, new BigDecimal("7.000"))).isEqualTo(7);
        assertThat(convert(DataTypes.INT, " 7 ")).isEqualTo(7);
        assertThat(convert(DataTypes.INT, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(convert(DataTypes.INT, "1e3")).isEqualTo(1000);
    }

    @Test
    void rejectsLossyConversionOfDoubleToInt() {
        assertRejects(DataTypes.INT, 3.7)
                .hasMessage("cannot convert Double 3.7 to int: has a fraction; refusing to truncate");
    }

    @Test
    void rejectsLossyConversionOfDecimalToInt() {
        assertRejects(DataTypes.INT, new BigDecimal("3.5")).hasMessageContaining("has a fraction");
        assertRejects(DataTypes.INT, "3.5").hasMessageContaining("has a fraction");
    }

    @Test
    void rejectsIntOverflow() {
        assertRejects(DataTypes.INT, 2147483648L)
                .hasMessage("cannot convert Long 2147483648 to int: overflow: int holds -2147483648..2147483647");
        assertRejects(DataTypes.INT, "99999999999").hasMessageContaining("overflow");
        assertRejects(DataTypes.INT, 1e10).hasMessageContaining("overflow");
    }

    @Test
    void rejectsNonNumericTextAndBooleansForIntegers() {
        assertRejects(DataTypes.INT, "abc").hasMessage("cannot convert String \"abc\" to int: not a number");
        assertRejects(DataTypes.INT, "").hasMessageContaining("not a number");
        assertRejects(DataTypes.INT, true).hasMessageContaining("not a number");
        assertRejects(DataTypes.INT, Double.NaN).hasMessageContaining("not a finite number");
    }

    @Test
    void checksTheRangeOfTinyintSmallintAndBigint() {
        assertThat(convert(DataTypes.TINYINT, 127)).isEqualTo((byte) 127);
        assertRejects(DataTypes.TINYINT, 128).hasMessageContaining("tinyint holds -128..127");
        assertThat(convert(DataTypes.SMALLINT, "-32768")).isEqualTo((short) -32768);
        assertRejects(DataTypes.SMALLINT, 32768).hasMessageContaining("overflow");
        assertThat(convert(DataTypes.BIGINT, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertRejects(DataTypes.BIGINT, "9223372036854775808").hasMessageContaining("overflow");
        assertRejects(DataTypes.BIGINT, 9.3e18).hasMessageContaining("overflow");
    }

    @Test
    void rejectsAFractionIntoBigint() {
        assertRejects(DataTypes.BIGINT, 1.5).hasMessageContaining("has a fraction");
        assertRejects(DataTypes.BIGINT, "10.01").hasMessageContaining("has a fraction");
    }

    @Test
    void convertsAnyIntegerToVarintButNoFraction() {
        assertThat(convert(DataTypes.VARINT, 5)).isEqualTo(BigInteger.valueOf(5));
        assertThat(convert(DataTypes.VARINT, "123456789012345678901234567890"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(convert(DataTypes.VARINT, 1e20)).isEqualTo(new BigInteger("100000000000000000000"));
        assertRejects(DataTypes.VARINT, "1.5").hasMessageContaining("has a fraction");
        assertRejects(DataTypes.VARINT, "1e100000").hasMessageContaining("overflow");
    }

    @Test
    void convertsDoubleToFloatKeepingTheNearestFloat() {
        assertThat(convert(DataTypes.FLOAT, 94.2)).isEqualTo(94.2f);
        assertThat(convert(DataTypes.FLOAT, "94.2")).isEqualTo(94.2f);
        assertThat(convert(DataTypes.FLOAT, 3)).isEqualTo(3.0f);
        assertThat(convert(DataTypes.FLOAT, 1.5f)).isEqualTo(1.5f);
    }

    @Test
    void rejectsFloatOverflowAndUnderflow() {
        assertRejects(DataTypes.FLOAT, 1e300).hasMessageContaining("overflow");
        assertRejects(DataTypes.FLOAT, 1e-300).hasMessageContaining("underflow");
    }

    @Test
    void rejectsNonNumericTextIntoFloat() {
        assertRejects(DataTypes.FLOAT, "abc").hasMessage("cannot convert String \"abc\" to float: not a number");
        assertRejects(DataTypes.FLOAT, "1.5f").hasMessageContaining("not a number");
        assertRejects(DataTypes.FLOAT, "0x1p3").hasMessageContaining("not a number");
    }

    @Test
    void convertsToDoubleButRejectsOverflow() {
        assertThat(convert(DataTypes.DOUBLE, 94.2)).isEqualTo(94.2);
        assertThat(convert(DataTypes.DOUBLE, "94.2")).isEqualTo(94.2);
        assertThat(convert(DataTypes.DOUBLE, 2L)).isEqualTo(2.0);
        assertThat(convert(DataTypes.DOUBLE, new BigDecimal("0.1"))).isEqualTo(0.1);
        assertThat(convert(DataTypes.DOUBLE, "NaN")).isEqualTo(Double.NaN);
        assertThat(convert(DataTypes.DOUBLE, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertRejects(DataTypes.DOUBLE, "1e400").hasMessageContaining("overflow");
        assertRejects(DataTypes.DOUBLE, new BigDecimal("1e400")).hasMessageContaining("overflow");
        assertRejects(DataTypes.DOUBLE, "1e-400").hasMessageContaining("underflow");
    }

    @Test
    void convertsToDecimalExactly() {
        assertThat(convert(DataTypes.DECIMAL, 94.2)).isEqualTo(new BigDecimal("94.2"));
        assertThat(convert(DataTypes.DECIMAL, 94.2f)).isEqualTo(new BigDecimal("94.2"));
        assertThat(convert(DataTypes.DECIMAL, "12.3400")).isEqualTo(new BigDecimal("12.3400"));
        assertThat(convert(DataTypes.DECIMAL, 12L)).isEqualTo(new BigDecimal("12"));
        assertThat(convert(DataTypes.DECIMAL, BigInteger.TEN)).isEqualTo(new BigDecimal("10"));
        assertRejects(DataTypes.DECIMAL, Double.NaN).hasMessageContaining("not a finite number");
        assertRejects(DataTypes.DECIMAL, "twelve").hasMessageContaining("not a number");
    }

    @Test
    void convertsCounterValuesLikeBigint() {
        assertThat(convert(DataTypes.COUNTER, "5")).isEqualTo(5L);
        assertRejects(DataTypes.COUNTER, 0.5).hasMessageContaining("counter");
    }
}
