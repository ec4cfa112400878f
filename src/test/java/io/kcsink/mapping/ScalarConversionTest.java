package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScalarConversionTest {

    @Test
    void convertsScalarsToText() {
        assertThat(convert(DataTypes.TEXT, "héllo")).isEqualTo("héllo");
        assertThat(convert(DataTypes.TEXT, 42)).isEqualTo("42");
        assertThat(convert(DataTypes.TEXT, 94.2)).isEqualTo("94.2");
        assertThat(convert(DataTypes.TEXT, new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(convert(DataTypes.TEXT, true)).isEqualTo("true");
        assertThat(convert(DataTypes.TEXT, Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(convert(DataTypes.TEXT, new StringBuilder("avro utf8"))).isEqualTo("avro utf8");
    }

    @Test
    void rejectsObjectsArraysAndBytesIntoText() {
        assertRejects(DataTypes.TEXT, Map.of("a", 1)).hasMessageContaining("an object with 1 field(s)");
        assertRejects(DataTypes.TEXT, List.of(1)).hasMessageContaining("an array");
        assertRejects(DataTypes.TEXT, new byte[] {1}).hasMessageContaining("bytes (1)");
    }

    @Test
    void rejectsNonAsciiIntoAscii() {
        assertThat(convert(DataTypes.ASCII, "plain")).isEqualTo("plain");
        assertRejects(DataTypes.ASCII, "héllo").hasMessageContaining("non-ASCII character at index 1");
    }

    @Test
    void keepsSurrogatePairsButRefusesALoneSurrogateThatUtf8WouldTurnIntoAQuestionMark() {
        assertThat(convert(DataTypes.TEXT, "a\uD83D\uDE00b")).isEqualTo("a😀b");
        assertRejects(DataTypes.TEXT, "a\uD800b").hasMessageContaining("lone surrogate at index 1");
        assertRejects(DataTypes.TEXT, "\uDC00").hasMessageContaining("lone surrogate at index 0");
        assertRejects(DataTypes.TEXT, "x\uD83D").hasMessageContaining("lone surrogate at index 1");
    }

    @Test
    void convertsBooleansAndTrueFalseTextIgnoringCase() {
        assertThat(convert(DataTypes.BOOLEAN, true)).isEqualTo(true);
        assertThat(convert(DataTypes.BOOLEAN, "TRUE")).isEqualTo(true);
        assertThat(convert(DataTypes.BOOLEAN, "False")).isEqualTo(false);
    }

    @Test
    void rejectsNumbersAndOtherTextIntoBoolean() {
        assertRejects(DataTypes.BOOLEAN, 1).hasMessageContaining("only true or false");
        assertRejects(DataTypes.BOOLEAN, "yes").hasMessageContaining("only true or false");
    }

    @Test
    void convertsUuidText() {
        UUID uuid = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
        assertThat(convert(DataTypes.UUID, "123E4567-E89B-42D3-A456-426614174000"))
                .isEqualTo(uuid);
        assertThat(convert(DataTypes.UUID, uuid)).isEqualTo(uuid);
    }

    @Test
    void rejectsMalformedUuids() {
        assertRejects(DataTypes.UUID, "1-1-1-1-1").hasMessageContaining("not a UUID");
        assertRejects(DataTypes.UUID, "123e4567-e89b-42d3-a456-42661417400g").hasMessageContaining("not a UUID");
        assertRejects(DataTypes.UUID, "123e4567xe89b-42d3-a456-426614174000").hasMessageContaining("not a UUID");
        assertRejects(DataTypes.UUID, 5).hasMessageContaining("not a UUID");
    }

    @Test
    void acceptsOnlyVersionOneUuidsAsTimeuuid() {
        UUID timeBased = Uuids.timeBased();
        assertThat(convert(DataTypes.TIMEUUID, timeBased.toString())).isEqualTo(timeBased);
        assertRejects(DataTypes.TIMEUUID, "123e4567-e89b-42d3-a456-426614174000")
                .hasMessageContaining("version 1 UUID, this is version 4");
    }

    @Test
    void rejectsUuidTextWithDigitsOutsideAscii() {
        // Character.digit reads the Arabic-Indic one as 1: a UUID's hex digits are ASCII only.
        assertRejects(DataTypes.UUID, "\u0661" + "23e4567-e89b-42d3-a456-426614174000")
                .hasMessageContaining("not a UUID");
    }

    @Test
    void convertsIpLiteralsToInet() throws Exception {
        assertThat(convert(DataTypes.INET, "10.0.0.1")).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(convert(DataTypes.INET, "::1")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(convert(DataTypes.INET, "[2001:db8::1]")).isEqualTo(InetAddress.getByName("2001:db8::1"));
    }

    @Test
    void rejectsHostNamesAndBadAddressesIntoInetWithoutALookUp() {
        assertRejects(DataTypes.INET, "localhost").hasMessageContaining("not an IPv4 or IPv6 address literal");
        assertRejects(DataTypes.INET, "256.1.1.1").hasMessageContaining("not an IPv4");
        assertRejects(DataTypes.INET, "1.2.3").hasMessageContaining("not an IPv4");
        assertRejects(DataTypes.INET, "1:2:3:4:5:6:7:8:9").hasMessageContaining("not an IPv4");
    }

    @Test
    void convertsBase64BytesAndBuffersToBlob() {
        assertThat(convert(DataTypes.BLOB, "AQID")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(convert(DataTypes.BLOB, new byte[] {4})).isEqualTo(ByteBuffer.wrap(new byte[] {4}));
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {5, 6});
        ByteBuffer converted = (ByteBuffer) convert(DataTypes.BLOB, buffer);
        converted.get();
        assertThat(buffer.position()).isZero();
    }

    @Test
    void rejectsNonBase64TextAndNumbersIntoBlob() {
        assertRejects(DataTypes.BLOB, "not base64!").hasMessageContaining("nor base64");
        assertRejects(DataTypes.BLOB, 5).hasMessageContaining("only bytes, 0x hex text or base64 text");
    }
}
