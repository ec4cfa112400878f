package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroDecoderTest {

    /** The seed's Avro schema. */
    static final Schema MYRECORD = new Schema.Parser().parse("""
            {"type":"record","name":"myrecord","fields":[
              {"name":"id","type":"int"},{"name":"created","type":"string"},
              {"name":"product","type":"string"},{"name":"price","type":"double"}]}
            """);

    @Test
    void decodesTheSeedRecordIntoAPlainMap() throws IOException {
        byte[] body = encode(seedRecord());

        Object value = AvroDecoder.withSchema(MYRECORD).decode("t", body);

        assertThat(value)
                .isEqualTo(Map.of(
                        "id", 1, "created", "2016-05-06 13:53:00", "product", "OP-DAX-P-20150201-95.7", "price", 94.2));
    }

    @Test
    void rejectsTruncatedAvro() throws IOException {
        byte[] body = encode(seedRecord());
        byte[] truncated = Arrays.copyOf(body, body.length - 5);

        assertThatThrownBy(() -> AvroDecoder.withSchema(MYRECORD).decode("t", truncated))
                .isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void rejectsBytesLeftOverAfterTheRecord() throws IOException {
        byte[] body = encode(seedRecord());
        byte[] longer = Arrays.copyOf(body, body.length + 3);

        assertThatThrownBy(() -> AvroDecoder.withSchema(MYRECORD).decode("t", longer))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("left over");
    }

    @Test
    void rejectsARegistryRecordWithoutTheMagicByte() throws IOException {
        AvroDecoder decoder = AvroDecoder.withRegistry(new SchemaRegistryClient("http://127.0.0.1:1"));
        byte[] body = encode(seedRecord());

        assertThatThrownBy(() -> decoder.decode("t", body))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("magic byte");
    }

    @Test
    void reportsAnUnreachableRegistryAsRetriable() {
        AvroDecoder decoder = AvroDecoder.withRegistry(new SchemaRegistryClient("http://127.0.0.1:1"));

        assertThatThrownBy(() -> decoder.decode("t", new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    static GenericRecord seedRecord() {
        GenericRecord record = new GenericData.Record(MYRECORD);
        record.put("id", 1);
        record.put("created", "2016-05-06 13:53:00");
        record.put("product", "OP-DAX-P-20150201-95.7");
        record.put("price", 94.2);
        return record;
    }

    static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
