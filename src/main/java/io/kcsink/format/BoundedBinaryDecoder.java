package io.kcsink.format;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Avro binary encoding of one record from a byte array, checking every length and count the record declares
 * before anything is allocated for it. A string or bytes value may not be longer than the bytes of the record that
 * are left, nor than {@link DecodeLimits#maxStringBytes()}; the arrays and maps of the record may not declare more
 * than {@link DecodeLimits#maxCollectionItems()} items together, which bounds elements that take no bytes (nulls,
 * empty records) and so could otherwise be declared by the billion in a few bytes. Avro's own checks
 * ({@code org.apache.avro.limits.*}) are JVM-wide system properties with defaults near 2^31; these are per record.
 *
 * <p>{@link org.apache.avro.generic.GenericDatumReader} compares the declared count of an array's items with
 * {@link #remainingBytes()} before it allocates the array, so a count that the record's bytes cannot hold fails there.
 */
final class BoundedBinaryDecoder extends Decoder {

    private final byte[] data;
    private final int limit;
    private final DecodeLimits limits;
    private int pos;
    private long items;

    BoundedBinaryDecoder(byte[] data, int offset, int length, DecodeLimits limits) {
        this.data = data;
        this.pos = offset;
        this.limit = offset + length;
        this.limits = limits;
    }

    /** Whether every byte of the record has been read. */
    boolean isEnd() {
        return pos == limit;
    }

    @Override
    public int remainingBytes() {
        return limit - pos;
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        byte b = data[pos++];
        if (b != 0 && b != 1) {
            // Avro's own decoder reads any byte but 1 as false: a silently wrong value.
            throw new RecordDecodingException("invalid Avro boolean byte " + (b & 0xff) + " (only 0 and 1 are valid)");
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long raw = readVarint(5, "int");
        if (raw >>> 32 != 0) {
            throw new RecordDecodingException("invalid Avro int: its variable-length encoding exceeds 32 bits");
        }
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public long readLong() throws IOException {
        long n = readVarint(10, "long");
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits = (data[pos] & 0xff)
                | (data[pos + 1] & 0xff) << 8
                | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (data[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(@Nullable Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(data, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        pos += length("string");
    }

    @Override
    public ByteBuffer readBytes(@Nullable ByteBuffer old) throws IOException {
        int length = length("bytes");
        byte[] bytes = new byte[length];
        System.arraycopy(data, pos, bytes, 0, length);
        pos += length;
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() throws IOException {
        pos += length("bytes");
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length);
        System.arraycopy(data, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /** A declared length of a string or bytes value, checked before anything is allocated for it. */
    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new RecordDecodingException("invalid Avro " + what + ": negative length " + length);
        }
        if (length > remainingBytes()) {
            throw new RecordDecodingException("Avro " + what + " declares " + length + " bytes, but only "
                    + remainingBytes() + " bytes of the record are left");
        }
        if (length > limits.maxStringBytes()) {
            throw new RecordDecodingException("Avro " + what + " of " + length + " bytes is longer than"
                    + " sink.limits.max-string-size (" + limits.maxStringBytes() + " bytes)");
        }
        return (int) length;
    }

    /** The item count of the next block of an array or map, counted against the record's budget of items. */
    private long blockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new RecordDecodingException("invalid Avro " + what + " block count " + count);
            }
            // A negative count is followed by the block's size in bytes, which only skipping needs.
            long size = readLong();
            if (size < 0 || size > remainingBytes()) {
                throw new RecordDecodingException("invalid Avro " + what + " block size " + size + " with "
                        + remainingBytes() + " bytes of the record left");
            }
            count = -count;
        }
        return countItems(count, what);
    }

    /** Skips whole blocks that say their size; returns the count of a block whose items must be skipped one by one. */
    private long skipBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                return countItems(count, what);
            }
            long size = readLong();
            if (size < 0 || size > remainingBytes()) {
                throw new RecordDecodingException("invalid Avro " + what + " block size " + size + " with "
                        + remainingBytes() + " bytes of the record left");
            }
            pos += (int) size;
        }
    }

    /** Counts a block's items against the budget of the whole record, which nested collections share. */
    private long countItems(long count, String what) {
        items += count;
        if (items > limits.maxCollectionItems() || items < 0) {
            throw new RecordDecodingException("Avro " + what + " declares " + count + " more items, beyond"
                    + " sink.limits.max-collection-items (" + limits.maxCollectionItems()
                    + " items in the arrays and maps of one record)");
        }
        return count;
    }

    /** An unsigned variable-length integer of at most {@code maxBytes} bytes, before zig-zag decoding. */
    private long readVarint(int maxBytes, String what) throws IOException {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1);
            int b = data[pos++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 9 && b > 1) {
                    throw new RecordDecodingException(
                            "invalid Avro long: its variable-length encoding exceeds 64 bits");
                }
                return value;
            }
        }
        throw new RecordDecodingException("invalid Avro " + what + ": more than " + maxBytes + " bytes long");
    }

    private void require(int bytes) throws EOFException {
        if (bytes < 0 || bytes > limit - pos) {
            throw new EOFException(
                    "the Avro record ends early: " + bytes + " more bytes needed, " + (limit - pos) + " left");
        }
    }
}
