package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Every length and count an Avro record declares is checked against the bytes of the record that are left and the
 * configured limits before anything is allocated for it: a record of a few bytes cannot declare gigabytes.
 */
class BoundedBinaryDecoderTest {

    private static final DecodeLimits LIMITS = new DecodeLimits(1024, 1000, 10);

    @Test
    void refusesAStringDeclaringMoreBytesThanTheRecordHolds() {
        byte[] record = new Bytes().varlong(Integer.MAX_VALUE).raw(1, 2, 3).toArray();

        assertThatThrownBy(() -> decoder("\"string\"", DecodeLimits.DEFAULTS).decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("Avro string declares 2147483647 bytes, but only 3 bytes of the record are left");
    }

    @Test
    void refusesBytesLongerThanTheLimitEvenWhenTheRecordHoldsThem() {
        byte[] fits = new Bytes().varlong(1024).raw(new byte[1024]).toArray();
        byte[] tooLong = new Bytes().varlong(1025).raw(new byte[1025]).toArray();

        assertThat((byte[]) decoder("\"bytes\"", LIMITS).decode("t", fits)).hasSize(1024);
        assertThatThrownBy(() -> decoder("\"bytes\"", LIMITS).decode("t", tooLong))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("Avro bytes of 1025 bytes is longer than sink.limits.max-string-size (1024 bytes)");
    }

    @Test
    void refusesNegativeLengths() {
        assertThatThrownBy(() -> decoder("\"string\"", LIMITS)
                        .decode("t", new Bytes().varlong(-1).toArray()))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("invalid Avro string: negative length -1");
        assertThatThrownBy(() -> decoder("\"bytes\"", LIMITS)
                        .decode("t", new Bytes().varlong(Long.MIN_VALUE).toArray()))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("invalid Avro bytes: negative length " + Long.MIN_VALUE);
    }

    @Test
    void refusesAnArrayDeclaringMoreItemsThanTheLimit() {
        byte[] record = new Bytes().varlong(1L << 31).raw(0).toArray();

        assertThatThrownBy(() -> decoder("{\"type\":\"array\",\"items\":\"int\"}", LIMITS)
                        .decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("Avro array declares 2147483648 more items, beyond sink.limits.max-collection-items (1000"
                        + " items in the arrays and maps of one record)");
    }

    @Test
    void refusesAnArrayOfItemsThatTakeNoBytesBeyondTheLimitThoughAvroAloneAllowsMillions() {
        // 16 million nulls in 5 bytes: within Avro's own default limits, which derive from the heap.
        byte[] record = new Bytes().varlong(1 << 24).varlong(0).toArray();

        assertThatThrownBy(() -> decoder("{\"type\":\"array\",\"items\":\"null\"}", LIMITS)
                        .decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("beyond sink.limits.max-collection-items (1000");
    }

    @Test
    void refusesAnArrayWhoseItemsCannotFitInTheBytesLeft() {
        byte[] record = new Bytes().varlong(500).raw(2, 4, 6).varlong(0).toArray();

        assertThatThrownBy(() -> decoder("{\"type\":\"array\",\"items\":\"int\"}", LIMITS)
                        .decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("not valid Avro for its schema")
                .hasMessageContaining("500");
    }

    @Test
    void nestedCollectionsShareOneBudgetOfItems() {
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":\"null\"}}";
        Bytes twoOf400 = new Bytes().varlong(2);
        Bytes threeOf400 = new Bytes().varlong(3);
        for (int i = 0; i < 3; i++) {
            if (i < 2) {
                twoOf400.varlong(400).varlong(0);
            }
            threeOf400.varlong(400).varlong(0);
        }

        assertThat((List<?>)
                        decoder(schema, LIMITS).decode("t", twoOf400.varlong(0).toArray()))
                .hasSize(2);
        assertThatThrownBy(() -> decoder(schema, LIMITS)
                        .decode("t", threeOf400.varlong(0).toArray()))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("sink.limits.max-collection-items (1000");
    }

    @Test
    void readsBlocksThatDeclareTheirSizeAsAvroAllowsWriters() {
        // A negative count says the block's size in bytes follows: [-2, 2 bytes, 1, 2], then [1, 3], then the end.
        byte[] record = new Bytes()
                .varlong(-2)
                .varlong(2)
                .varlong(1)
                .varlong(2)
                .varlong(1)
                .varlong(3)
                .varlong(0)
                .toArray();

        assertThat(decoder("{\"type\":\"array\",\"items\":\"int\"}", LIMITS).decode("t", record))
                .isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void refusesABlockSizeBeyondTheRecord() {
        byte[] record = new Bytes()
                .varlong(-2)
                .varlong(1L << 40)
                .varlong(1)
                .varlong(2)
                .varlong(0)
                .toArray();

        assertThatThrownBy(() -> decoder("{\"type\":\"array\",\"items\":\"int\"}", LIMITS)
                        .decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("invalid Avro array block size 1099511627776");
    }

    @Test
    void refusesAMapDeclaringMoreEntriesThanTheLimit() {
        byte[] record = new Bytes().varlong(Long.MAX_VALUE).toArray();

        assertThatThrownBy(() -> decoder("{\"type\":\"map\",\"values\":\"null\"}", LIMITS)
                        .decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Avro map declares " + Long.MAX_VALUE + " more items");
    }

    @Test
    void refusesATruncatedRecord() {
        Schema pair = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
                        + "{\"name\":\"b\",\"type\":\"double\"}]}");
        byte[] record = new Bytes().varlong(7).raw(0, 0, 0).toArray();

        assertThatThrownBy(() -> AvroDecoder.withSchema(pair, LIMITS).decode("t", record))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("the Avro record ends early: 8 more bytes needed, 3 left");
    }

    @Test
    void refusesABooleanByteOtherThanZeroOrOneInsteadOfReadingItAsFalse() {
        assertThat(decoder("\"boolean\"", LIMITS).decode("t", new byte[] {1})).isEqualTo(true);
        assertThat(decoder("\"boolean\"", LIMITS).decode("t", new byte[] {0})).isEqualTo(false);
        assertThatThrownBy(() -> decoder("\"boolean\"", LIMITS).decode("t", new byte[] {2}))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("invalid Avro boolean byte 2 (only 0 and 1 are valid)");
    }

    @Test
    void refusesVarintsLongerOrWiderThanTheirType() {
        byte[] sixByteInt = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
        byte[] intOver32Bits = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x1f};
        byte[] longOver64Bits = new byte[10];
        java.util.Arrays.fill(longOver64Bits, (byte) 0xff);
        longOver64Bits[9] = 0x03;

        assertThatThrownBy(() -> decoder("\"int\"", LIMITS).decode("t", sixByteInt))
                .hasMessage("invalid Avro int: more than 5 bytes long");
        assertThatThrownBy(() -> decoder("\"int\"", LIMITS).decode("t", intOver32Bits))
                .hasMessage("invalid Avro int: its variable-length encoding exceeds 32 bits");
        assertThatThrownBy(() -> decoder("\"long\"", LIMITS).decode("t", longOver64Bits))
                .hasMessage("invalid Avro long: its variable-length encoding exceeds 64 bits");
    }

    @Test
    void readsTheExtremesOfIntAndLong() {
        assertThat(decoder("\"int\"", LIMITS)
                        .decode("t", new Bytes().varlong(Integer.MIN_VALUE).toArray()))
                .isEqualTo(Integer.MIN_VALUE);
        assertThat(decoder("\"int\"", LIMITS)
                        .decode("t", new Bytes().varlong(Integer.MAX_VALUE).toArray()))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(decoder("\"long\"", LIMITS)
                        .decode("t", new Bytes().varlong(Long.MIN_VALUE).toArray()))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(decoder("\"long\"", LIMITS)
                        .decode("t", new Bytes().varlong(Long.MAX_VALUE).toArray()))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void decodesAValueNestedAsDeepAsTheDefaultLimitOnAnOrdinaryStack() {
        int depth = DecodeLimits.DEFAULTS.maxDepth();
        Bytes record = new Bytes();
        for (int i = 0; i < depth; i++) {
            record.varlong(1);
        }
        record.varlong(42);
        for (int i = 0; i < depth; i++) {
            record.varlong(0);
        }

        Object value =
                AvroDecoder.withSchema(AvroSchemaLimitsTest.nestedArrays(depth)).decode("t", record.toArray());

        for (int i = 0; i < depth; i++) {
            assertThat(value).isInstanceOf(List.class);
            value = ((List<?>) value).get(0);
        }
        assertThat(value).isEqualTo(42);
    }

    @Test
    void readsAMapWithinTheLimits() {
        byte[] record = new Bytes()
                .varlong(2)
                .string("a")
                .varlong(1)
                .string("b")
                .varlong(2)
                .varlong(0)
                .toArray();

        assertThat(decoder("{\"type\":\"map\",\"values\":\"int\"}", LIMITS).decode("t", record))
                .isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void aStringWithinTheLimitsDecodesWhole() {
        String text = String.join("", Collections.nCopies(100, "ü"));
        byte[] record = new Bytes().string(text).toArray();

        assertThat(decoder("\"string\"", LIMITS).decode("t", record)).isEqualTo(text);
    }

    private static AvroDecoder decoder(String schema, DecodeLimits limits) {
        return AvroDecoder.withSchema(new Schema.Parser().parse(schema), limits);
    }

    /** Builds Avro binary by hand, so that a test can declare what no Avro writer would. */
    static final class Bytes {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** A zig-zag variable-length long, the encoding of Avro's int, long, lengths and counts. */
        Bytes varlong(long value) {
            long n = (value << 1) ^ (value >> 63);
            while ((n & ~0x7FL) != 0) {
                out.write((int) ((n & 0x7F) | 0x80));
                n >>>= 7;
            }
            out.write((int) n);
            return this;
        }

        Bytes string(String text) {
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return varlong(utf8.length).raw(utf8);
        }

        Bytes raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
