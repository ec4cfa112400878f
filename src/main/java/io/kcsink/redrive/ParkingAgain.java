package io.kcsink.redrive;

import io.kcsink.errors.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Where a re-drive parks what fails again: back in the dead-letter topic it reads, never in {@code <topic>.DLT.DLT},
 * with the headers of a first failure (original topic, partition and offset, stage, route, the new reason) and
 * {@code sink-redrive-attempts}, one more than the dead letter it was read from.
 */
final class ParkingAgain {

    private ParkingAgain() {}

    /**
     * @param attempts the attempt each original record being re-driven makes, by identity
     */
    static DeadLetterPublisher publisher(
            KafkaOperations<byte[], byte[]> template,
            String topic,
            Map<ConsumerRecord<?, ?>, Integer> attempts,
            Duration sendTimeout,
            boolean stackTrace) {
        DeadLetterPublisher publisher =
                new DeadLetterPublisher(template, (record, failure) -> topic, sendTimeout, stackTrace);
        publisher.addHeadersFunction((record, failure) -> {
            Integer attempt = attempts.get(record);
            return new RecordHeaders()
                    .add(
                            ParkedRecord.ATTEMPTS,
                            Integer.toString(attempt == null ? 1 : attempt).getBytes(StandardCharsets.UTF_8));
        });
        return publisher;
    }
}
