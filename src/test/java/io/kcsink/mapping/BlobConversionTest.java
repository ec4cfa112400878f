package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.ByteBuffer;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BlobConversionTest {

    private static ByteBuffer bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void readsTheCqlHexLiteralAsHexThoughItIsAlsoValidBase64() {
        assertThat(convert(DataTypes.BLOB, "0x010203")).isEqualTo(bytes(1, 2, 3));
    }

    @Test
    void readsHexLiteralsInEitherCase() {
        assertThat(convert(DataTypes.BLOB, "0XCAFEbabe")).isEqualTo(bytes(0xca, 0xfe, 0xba, 0xbe));
        assertThat(convert(DataTypes.BLOB, "0x")).isEqualTo(bytes());
        assertThat(convert(DataTypes.BLOB, " 0xff ")).isEqualTo(bytes(0xff));
    }

    @Test
    void refusesAHexLiteralWithAnOddNumberOfDigits() {
        // "0x123" is also valid base64 (three bytes): the odd digit count is a hex typo, not a reason to switch.
        assertRejects(DataTypes.BLOB, "0x123").hasMessageContaining("even number of digits");
    }

    @Test
    void readsBase64ThatBeginsWithZeroXButIsNoHexLiteralAsBase64() {
        assertThat(convert(DataTypes.BLOB, "0xA=")).isEqualTo(bytes(0xd3, 0x10));
        // Arabic-Indic digits are digits to Character.digit, not to a hex literal; nor are they base64.
        assertRejects(DataTypes.BLOB, "0x\u0661\u0662").hasMessageContaining("neither a 0x hex literal nor base64");
    }

    @Test
    void readsStandardAndUrlSafeBase64PaddedOrNot() {
        assertThat(convert(DataTypes.BLOB, "AQID")).isEqualTo(bytes(1, 2, 3));
        assertThat(convert(DataTypes.BLOB, "+/8=")).isEqualTo(bytes(0xfb, 0xff));
        assertThat(convert(DataTypes.BLOB, "+/8")).isEqualTo(bytes(0xfb, 0xff));
        assertThat(convert(DataTypes.BLOB, "-_8=")).isEqualTo(bytes(0xfb, 0xff));
        assertThat(convert(DataTypes.BLOB, "-_8")).isEqualTo(bytes(0xfb, 0xff));
        assertThat(convert(DataTypes.BLOB, "")).isEqualTo(bytes());
    }

    @Test
    void refusesTextThatIsNeitherHexNorBase64() {
        assertRejects(DataTypes.BLOB, "not base64!").hasMessageContaining("neither a 0x hex literal nor base64");
        assertRejects(DataTypes.BLOB, "+_8=").hasMessageContaining("neither a 0x hex literal nor base64");
        assertRejects(DataTypes.BLOB, "AQI=x").hasMessageContaining("neither a 0x hex literal nor base64");
        assertRejects(DataTypes.BLOB, "A").hasMessageContaining("neither a 0x hex literal nor base64");
        assertRejects(DataTypes.BLOB, 5).hasMessageContaining("only bytes, 0x hex text or base64 text");
    }

    @Property
    void everyByteStringRoundTripsInEveryTextForm(@ForAll byte[] data) {
        ByteBuffer expected = ByteBuffer.wrap(data);
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : data) {
            hex.append(String.format("%02x", b));
        }
        for (String form : new String[] {hex.toString(), "0X" + hex.substring(2).toUpperCase(java.util.Locale.ROOT)}) {
            assertThat(convert(DataTypes.BLOB, form)).as(form).isEqualTo(expected);
        }
        for (String form : new String[] {
            Base64.getEncoder().encodeToString(data),
            Base64.getEncoder().withoutPadding().encodeToString(data),
            Base64.getUrlEncoder().encodeToString(data),
            Base64.getUrlEncoder().withoutPadding().encodeToString(data)
        }) {
            if (form.matches("0x[0-9a-fA-F]*")) {
                continue; // base64 beginning with 0x and then hex digits only reads as hex: the documented collision
            }
            assertThat(convert(DataTypes.BLOB, form)).as(form).isEqualTo(expected);
        }
    }
}
