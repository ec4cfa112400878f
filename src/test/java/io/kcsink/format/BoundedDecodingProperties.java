package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Whatever an Avro writer writes, the sink's bounded decoding reads the same values as Avro's own decoder. */
class BoundedDecodingProperties {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"all","fields":[
              {"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"f","type":"float"},
              {"name":"d","type":"double"},{"name":"b","type":"boolean"},{"name":"s","type":"string"},
              {"name":"bytes","type":"bytes"},{"name":"longs","type":{"type":"array","items":"long"}},
              {"name":"ints","type":{"type":"map","values":"int"}},{"name":"maybe","type":["null","string"]},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}},
              {"name":"code","type":{"type":"fixed","name":"Code","size":3}},
              {"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"double"}]}}]}
            """);

    private static final AvroDecoder BOUNDED = AvroDecoder.withSchema(SCHEMA);

    @Property
    void readsWhatAvroReads(
            @ForAll int i,
            @ForAll long l,
            @ForAll float f,
            @ForAll double d,
            @ForAll boolean b,
            @ForAll String s,
            @ForAll byte[] bytes,
            @ForAll @Size(max = 50) List<Long> longs,
            @ForAll @Size(max = 20) Map<String, Integer> ints,
            @ForAll @WithNull String maybe,
            @ForAll @Size(3) byte[] code)
            throws IOException {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("i", i);
        record.put("l", l);
        record.put("f", f);
        record.put("d", d);
        record.put("b", b);
        record.put("s", s);
        record.put("bytes", ByteBuffer.wrap(bytes));
        record.put("longs", longs);
        record.put("ints", ints);
        record.put("maybe", maybe);
        record.put("kind", new GenericData.EnumSymbol(SCHEMA.getField("kind").schema(), i % 2 == 0 ? "A" : "C"));
        record.put("code", new GenericData.Fixed(SCHEMA.getField("code").schema(), code));
        GenericRecord inner = new GenericData.Record(SCHEMA.getField("inner").schema());
        inner.put("x", d / 3);
        record.put("inner", inner);
        byte[] encoded = encode(record);

        Object reference = AvroDecoder.toPlain(new GenericDatumReader<>(SCHEMA, SCHEMA, new GenericData())
                .read(null, DecoderFactory.get().binaryDecoder(encoded, null)));

        assertThat(BOUNDED.decode("t", encoded)).usingRecursiveComparison().isEqualTo(reference);
    }

    private static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
