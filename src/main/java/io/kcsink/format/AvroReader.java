package io.kcsink.format;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.jspecify.annotations.Nullable;

/**
 * What a writer schema reads: Avro bodies, each within the {@link DecodeLimits}, or nothing at all when the schema
 * itself is refused (recursive, too deep, a {@code fixed} too large, or not a usable schema), in which case every
 * record written with it fails with the reason. Kept per schema id: an id never changes its schema, so a refusal is as
 * final as a schema.
 */
final class AvroReader {

    private final @Nullable GenericDatumReader<Object> reader;
    private final @Nullable String refusal;
    private final DecodeLimits limits;

    private AvroReader(@Nullable GenericDatumReader<Object> reader, @Nullable String refusal, DecodeLimits limits) {
        this.reader = reader;
        this.refusal = refusal;
        this.limits = limits;
    }

    /**
     * A reader of the schema, or a refusal of it when it breaks the limits.
     *
     * @param name what the schema is to an operator, e.g. {@code schema id 7 of the registry at https://...}
     */
    static AvroReader of(Schema schema, GenericData data, DecodeLimits limits, String name) {
        String violation = AvroSchemaLimits.violation(schema, limits);
        if (violation != null) {
            return refused(name + " is refused: " + violation, limits);
        }
        return new AvroReader(new GenericDatumReader<>(schema, schema, data), null, limits);
    }

    /** A schema that can never read a record, for the reason given, which names the schema. */
    static AvroReader refused(String reason, DecodeLimits limits) {
        return new AvroReader(null, reason, limits);
    }

    /** Why the schema is refused, or null when it reads records. */
    @Nullable
    String refusal() {
        return refusal;
    }

    /** Reads the Avro body at {@code data[offset..]}, which must end exactly where the record ends. */
    @Nullable
    Object read(byte[] data, int offset) {
        if (reader == null) {
            throw new RecordDecodingException(Objects.requireNonNull(refusal));
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(data, offset, data.length - offset, limits);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (RecordDecodingException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            // Avro reports broken input as IOException (EOF), AvroRuntimeException, IndexOutOfBoundsException (a union
            // or enum index), ClassCastException, UnsupportedOperationException...: all are this record's problem.
            throw new RecordDecodingException("not valid Avro for its schema: " + ex, ex);
        }
        if (!decoder.isEnd()) {
            throw new RecordDecodingException("Avro body has bytes left over after the record: wrong schema?");
        }
        return value;
    }
}
