package io.kcsink.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.jspecify.annotations.Nullable;

/**
 * Decodes Avro binary into maps, lists and scalars, with Avro's logical types as {@code BigDecimal}, {@code UUID} and
 * {@code java.time} values. The writer schema comes either from a Schema Registry (the wire format: magic byte 0, a
 * 4-byte schema id, then the Avro body) or from a configured {@code .avsc}; a schema is never read from the record.
 */
public final class AvroDecoder implements RecordDecoder {

    private static final GenericData DATA = dataWithLogicalTypes();

    private final @Nullable SchemaRegistryClient registry;
    private final @Nullable GenericDatumReader<Object> fixedReader;

    private AvroDecoder(@Nullable SchemaRegistryClient registry, @Nullable Schema schema) {
        this.registry = registry;
        this.fixedReader = schema == null ? null : new GenericDatumReader<>(schema, schema, DATA);
    }

    /** A decoder for the Schema Registry wire format, resolving schema ids through the given registry. */
    public static AvroDecoder withRegistry(SchemaRegistryClient registry) {
        return new AvroDecoder(registry, null);
    }

    /** A decoder for plain Avro binary written with the given schema. */
    public static AvroDecoder withSchema(Schema schema) {
        return new AvroDecoder(null, schema);
    }

    @Override
    public @Nullable Object decode(String topic, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        GenericDatumReader<Object> reader;
        int offset = 0;
        if (registry == null) {
            reader = Objects.requireNonNull(fixedReader, "an AvroDecoder has a registry or a schema");
        } else {
            if (data.length < 5 || data[0] != 0) {
                throw new RecordDecodingException(
                        "not in the Schema Registry wire format: expected magic byte 0 and a 4-byte schema id");
            }
            int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
            reader = registry.readerFor(schemaId, DATA);
            offset = 5;
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RecordDecodingException("Avro body has bytes left over after the record: wrong schema?");
            }
            return toPlain(value);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException ex) {
            throw new RecordDecodingException("not valid Avro for its schema: " + ex, ex);
        }
    }

    static @Nullable Object toPlain(@Nullable Object value) {
        if (value instanceof Utf8 || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof IndexedRecord record) {
            List<Schema.Field> fields = record.getSchema().getFields();
            Map<String, Object> out = new LinkedHashMap<>(fields.size() * 2);
            for (Schema.Field field : fields) {
                out.put(field.name(), toPlain(record.get(field.pos())));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put(k.toString(), toPlain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(toPlain(item));
            }
            return out;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes().clone();
        }
        return value;
    }

    private static GenericData dataWithLogicalTypes() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }
}
