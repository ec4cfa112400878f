package io.kcsink.redrive;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.errors.RecordFailureException;
import io.kcsink.format.StringDecoder;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Dead letters as the service's own publisher writes them, read back as a consumer of the dead-letter topic would. */
final class DeadLetterFixtures {

    private DeadLetterFixtures() {}

    /** A template that records what it sends and acknowledges it at once. */
    static final class RecordingTemplate extends KafkaTemplate<byte[], byte[]> {

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

    /** The dead letter the service's publisher writes for the record, read back from the dead-letter topic. */
    static ConsumerRecord<byte[], byte[]> parkedFirst(
            ConsumerRecord<byte[], byte[]> record, RecordFailureException failure, long parkedAt, long offset) {
        RecordingTemplate template = new RecordingTemplate();
        DeadLetterPublisher publisher =
                new DeadLetterPublisher(template, (r, ex) -> r.topic() + ".DLT", Duration.ofSeconds(5), false);
        publisher.park(record, failure);
        publisher.awaitPublished();
        return readBack(template.sent.get(0), parkedAt, offset);
    }

    /** A produced record as a consumer reads it at the given offset, with the broker's timestamp. */
    static ConsumerRecord<byte[], byte[]> readBack(ProducerRecord<byte[], byte[]> sent, long timestamp, long offset) {
        return new ConsumerRecord<>(
                sent.topic(),
                0,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                sent.key() == null ? -1 : sent.key().length,
                sent.value() == null ? -1 : sent.value().length,
                sent.key(),
                sent.value(),
                sent.headers(),
                Optional.empty());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A route {@code name} from {@code topic} to {@code demo.<name>} (id int PRIMARY KEY, product text). */
    static SinkRoute route(String name, String topic) {
        TableSchema table = new TableSchema(
                "demo",
                name,
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse(name, "INSERT INTO demo." + name + " SELECT * FROM " + topic)
                                .get(0),
                        table),
                new StringDecoder(),
                new StringDecoder());
    }
}
