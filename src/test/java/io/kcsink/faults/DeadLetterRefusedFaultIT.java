package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A poison record whose dead letter the broker refuses (here: larger than the sink producer's
 * {@code max.request.size}) must stay uncommitted: waiting is always safe, dropping is not.
 */
class DeadLetterRefusedFaultIT {

    @Test
    void neverCommitsAPoisonRecordWhoseDeadLetterIsRefused() {
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
            // Retries back off from 500 ms: ten seconds cover several attempts.
            await("the poison record to stay uncommitted")
                    .during(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> run.committed().getOrDefault(partition, 0L) <= 1);
            assertThat(run.readDeadLetters()).as("dead letters").isEmpty();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(FaultRun run, int id, String value) {
        return new ProducerRecord<>(
                run.topic,
                0,
                Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
