package io.kcsink.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.jspecify.annotations.Nullable;

/**
 * Decodes Avro binary into maps, lists and scalars, with Avro's logical types as {@code BigDecimal}, {@code UUID} and
 * {@code java.time} values. The writer schema comes either from a Schema Registry (the wire format: magic byte 0, a
 * 4-byte schema id, then the Avro body) or from a configured {@code .avsc}; a schema is never read from the record.
 * Every record is read within the {@link DecodeLimits}, and a writer schema that breaks them is refused: a registry's
 * at its first use (the records written with it fail with the reason), a file's at start-up.
 */
public final class AvroDecoder implements RecordDecoder {

    private static final GenericData DATA = dataWithLogicalTypes();

    private final @Nullable SchemaRegistryClient registry;
    private final @Nullable AvroReader fixedReader;

    private AvroDecoder(@Nullable SchemaRegistryClient registry, @Nullable AvroReader fixedReader) {
        this.registry = registry;
        this.fixedReader = fixedReader;
    }

    /**
     * A decoder for the Schema Registry wire format, resolving schema ids through the given registry, whose limits
     * bound the records it reads.
     */
    public static AvroDecoder withRegistry(SchemaRegistryClient registry) {
        return new AvroDecoder(registry, null);
    }

    /** A decoder for plain Avro binary written with the given schema. */
    public static AvroDecoder withSchema(Schema schema) {
        return withSchema(schema, DecodeLimits.DEFAULTS);
    }

    /**
     * A decoder for plain Avro binary written with the given schema, reading each record within the limits.
     *
     * @throws IllegalArgumentException when the schema breaks the limits: recursive, too deep, a {@code fixed} too large
     */
    public static AvroDecoder withSchema(Schema schema, DecodeLimits limits) {
        AvroReader reader = AvroReader.of(schema, DATA, limits, "the Avro schema " + schema.getFullName());
        if (reader.refusal() != null) {
            throw new IllegalArgumentException(reader.refusal());
        }
        return new AvroDecoder(null, reader);
    }

    @Override
    public @Nullable Object decode(String topic, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            return toPlain(Objects.requireNonNull(fixedReader).read(data, 0));
        }
        if (data.length < 5 || data[0] != 0) {
            throw new RecordDecodingException(
                    "not in the Schema Registry wire format: expected magic byte 0 and a 4-byte schema id");
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        return toPlain(registry.readerFor(schemaId, DATA).read(data, 5));
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
