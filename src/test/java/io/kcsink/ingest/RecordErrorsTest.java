package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.StringDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.RowWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * An error raised by one record's decoding or mapping that fails that record alone (a stack overflow) becomes the
 * record's failure at its stage and goes to its dead-letter topic; any other error is not caught as a record's.
 */
class RecordErrorsTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo", "orders", List.of(new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY)));

    private final RecordingTemplate template = new RecordingTemplate();
    private final DeadLetterPublisher deadLetters =
            new DeadLetterPublisher(template, (record, ex) -> record.topic() + ".DLT", Duration.ofSeconds(5), false);

    @Test
    void aStackOverflowWhileDecodingFailsTheRecordAtTheDecodeStage() {
        SinkRoute route = route((topic, data) -> overflow(0));

        RecordFailureException failure = decodeAndMapFailure(route);

        assertThat(failure.stage()).isEqualTo(Stage.DECODE);
        assertThat(failure.path()).isEqualTo("_value");
        assertThat(failure.getCause()).isInstanceOf(StackOverflowError.class);
        assertThat(failure.getMessage())
                .isEqualTo("cannot decode _value: java.lang.StackOverflowError; the record nests deeper than this"
                        + " thread's stack holds (see sink.limits.max-depth)");
    }

    @Test
    void aStackOverflowWhileMappingFailsTheRecordAtTheMapStage() {
        SinkRoute route = route((topic, data) -> new BottomlessMap());

        RecordFailureException failure = decodeAndMapFailure(route);

        assertThat(failure.stage()).isEqualTo(Stage.MAP);
        assertThat(failure.getCause()).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void anOutOfMemoryErrorIsNotTakenForTheRecordsOwn() {
        OutOfMemoryError heapExhausted = new OutOfMemoryError("Java heap space");
        SinkRoute route = route((topic, data) -> {
            throw heapExhausted;
        });

        assertThatThrownBy(() -> SinkListener.decodeAndMap(record(), route)).isSameAs(heapExhausted);
    }

    @Test
    void aLinkageErrorIsNotTakenForTheRecordsOwn() {
        NoClassDefFoundError broken = new NoClassDefFoundError("org/apache/avro/Schema");
        SinkRoute route = route((topic, data) -> new BottomlessMap() {
            @Override
            public Object get(Object key) {
                throw broken;
            }
        });

        assertThatThrownBy(() -> SinkListener.decodeAndMap(record(), route)).isSameAs(broken);
    }

    @Test
    void theListenerParksARecordThatOverflowsTheStackAndReturns() throws Exception {
        SinkListener listener = new SinkListener(
                new Routes(new ArrayList<>(List.of(route((topic, data) -> overflow(0))))),
                new RowWriter(null, null, 8),
                deadLetters,
                SinkEvents.NONE);

        listener.onBatch(List.of(record()));

        assertThat(template.sent).singleElement().satisfies(parked -> {
            assertThat(header(parked, DeadLetterPublisher.STAGE)).isEqualTo("decode");
            assertThat(header(parked, "kafka_dlt-exception-message")).contains("StackOverflowError");
        });
    }

    private static RecordFailureException decodeAndMapFailure(SinkRoute route) {
        try {
            SinkListener.decodeAndMap(record(), route);
        } catch (RecordFailureException failure) {
            return failure;
        }
        throw new AssertionError("the record did not fail");
    }

    private static SinkRoute route(RecordDecoder values) {
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id FROM orders")
                                .get(0),
                        ORDERS),
                new StringDecoder(),
                values);
    }

    private static ConsumerRecord<byte[], byte[]> record() {
        return new ConsumerRecord<>("orders", 0, 7L, null, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static int overflow(int depth) {
        return overflow(depth + 1) + 1;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** A decoded value whose fields can never be read: every look-up recurses without end. */
    private static class BottomlessMap extends AbstractMap<String, Object> {

        @Override
        public Object get(Object key) {
            return get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entrySet();
        }
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
