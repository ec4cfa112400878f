package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RetriableBatchException;
import io.kcsink.format.AvroDecoder;
import io.kcsink.format.SchemaRegistryAccessDeniedException;
import io.kcsink.format.SchemaRegistryClient;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.format.StringDecoder;
import io.kcsink.format.TestSchemaRegistry;
import io.kcsink.local.TestPki;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.RowWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * What the listener does with a record whose schema the registry will not give: denied access retries the batch and
 * parks nothing; an unknown id parks the record, with headers that never carry the registry's credentials.
 */
class SchemaRegistryFailureTest {

    private static final Schema COUNTER = Schema.create(Schema.Type.LONG);
    private static final String PASSWORD = TestPki.randomSecret();

    @TempDir
    Path dir;

    private final RecordingTemplate template = new RecordingTemplate();
    private final DeadLetterPublisher deadLetters =
            new DeadLetterPublisher(template, (record, ex) -> record.topic() + ".DLT", Duration.ofSeconds(5), false);

    @Test
    void deniedAccessRetriesTheBatchAndParksNothing() throws Exception {
        TestPki pki = TestPki.create(dir, "registry");
        try (TestSchemaRegistry registry = TestSchemaRegistry.start(pki.issue("registry"))
                .requireBasic("sink", PASSWORD)
                .withSchema(1, COUNTER)) {
            SinkListener listener = listener(registry.url(), settings(pki, "wrong-" + PASSWORD));

            assertThatThrownBy(() -> listener.onBatch(List.of(record(1))))
                    .isInstanceOf(RetriableBatchException.class)
                    .hasCauseInstanceOf(SchemaRegistryAccessDeniedException.class);
            assertThat(template.sent).isEmpty();
        }
    }

    @Test
    void anUnknownIdIsParkedWithHeadersThatNeverCarryTheUrlsCredentials() throws Exception {
        TestPki pki = TestPki.create(dir, "registry");
        try (TestSchemaRegistry registry =
                TestSchemaRegistry.start(pki.issue("registry")).requireBasic("sink", PASSWORD)) {
            String withCredentials = registry.url().replace("https://", "https://sink:" + PASSWORD + "@");
            SinkListener listener = listener(withCredentials, settings(pki, null));

            listener.onBatch(List.of(record(99)));

            assertThat(template.sent).singleElement().satisfies(parked -> {
                assertThat(header(parked, "kafka_dlt-exception-message"))
                        .contains("unknown schema id 99 in the registry at " + registry.url());
                for (Header header : parked.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8))
                            .as(header.key())
                            .doesNotContain(PASSWORD);
                }
            });
        }
    }

    private SinkListener listener(String registryUrl, SchemaRegistrySettings settings) {
        TableSchema table = new TableSchema(
                "demo", "counts", List.of(new ColumnSchema("n", DataTypes.BIGINT, ColumnSchema.Kind.PARTITION_KEY)));
        SinkRoute route = SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("counts", "INSERT INTO demo.counts SELECT _value AS n FROM counts")
                                .get(0),
                        table),
                new StringDecoder(),
                AvroDecoder.withRegistry(new SchemaRegistryClient(registryUrl, settings)));
        return new SinkListener(
                new Routes(new ArrayList<>(List.of(route))),
                new RowWriter(null, null, 8),
                deadLetters,
                SinkEvents.NONE);
    }

    private static SchemaRegistrySettings settings(TestPki pki, String password) {
        return new SchemaRegistrySettings(
                password == null ? null : "sink",
                password,
                null,
                TestSchemaRegistry.trusting(pki),
                10,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
    }

    private static ConsumerRecord<byte[], byte[]> record(int schemaId) {
        byte[] value = ByteBuffer.allocate(6)
                .put((byte) 0)
                .putInt(schemaId)
                .put((byte) 14)
                .array();
        return new ConsumerRecord<>("counts", 0, 5L, null, value);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Records the dead-letter sends instead of talking to a broker. */
    private static final class RecordingTemplate extends KafkaTemplate<byte[], byte[]> {

        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        RecordingTemplate() {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
        }

        @Override
        public CompletableFuture<SendResult<byte[], byte[]>> send(ProducerRecord<byte[], byte[]> record) {
            sent.add(record);
            return CompletableFuture.completedFuture(null);
        }
    }
}
