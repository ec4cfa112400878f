package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A poison record too large for its dead-letter topic (here: larger than the sink producer's {@code max.request.size})
 * must neither block the partition for ever nor vanish: it is parked without its value, with headers naming where the
 * value still is (original topic, partition, offset) and its size, and only then committed.
 */
@Testcontainers
class DeadLetterTooLargeFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void parksARecordTooLargeForItsDeadLetterTopicWithoutItsValue() {
        try (FaultRun run = FaultRun.create("dlt-refused", 0, 0)) {
            run.sink("a", Map.of("spring.kafka.producer.properties[max.request.size]", "65536"))
                    .start();
            // One partition, in this order: a good order, a 100 kB record that is not JSON, a good order.
            produce(List.of(
                    record(run, 0, "{\"id\":0,\"created\":\"c\",\"product\":\"p\",\"price\":1.0}"),
                    record(run, 1, "x".repeat(100_000)),
                    record(run, 2, "{\"id\":2,\"created\":\"c\",\"product\":\"p\",\"price\":1.0}")));
            try (CqlSession cql = FaultRun.session()) {
                await("the good orders around it")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> cql.execute("SELECT id FROM " + run.keyspace + ".orders")
                                        .all()
                                        .size()
                                == 2);
            }
            TopicPartition partition = new TopicPartition(run.topic, 0);
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(run.topic + ".DLT", 1, Duration.ofSeconds(60));
            assertThat(parked).as("dead letters").hasSize(1);
            ConsumerRecord<byte[], byte[]> deadLetter = parked.get(0);
            assertThat(deadLetter.value()).isNull();
            assertThat(header(deadLetter, DeadLetterPublisher.VALUE_OMITTED)).isEqualTo("100000");
            assertThat(header(deadLetter, DeadLetterPublisher.STAGE)).isEqualTo("decode");
            assertThat(ByteBuffer.wrap(deadLetter
                                    .headers()
                                    .lastHeader("kafka_dlt-original-offset")
                                    .value())
                            .getLong())
                    .isEqualTo(1L);
            await("the whole partition committed, the parked record included")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> run.committed().getOrDefault(partition, 0L) == 3L);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> record(FaultRun run, int id, String value) {
        return new ProducerRecord<>(
                run.topic,
                0,
                Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
