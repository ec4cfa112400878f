package io.kcsink.errors;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Where the listener parks the records that can never be written: each is sent without waiting, and a batch's sends are
 * awaited together before its offsets may be committed. {@link DeadLetterPublisher} publishes them to dead-letter
 * topics; the listener's tests script the broker's acknowledgements.
 */
public interface DeadLetters {

    /** Sends the record's dead letter, saying why it failed, without waiting for the broker. */
    void park(ConsumerRecord<?, ?> record, RecordFailureException reason);

    /**
     * Waits until every dead letter this thread sent since the last call is acknowledged, or has failed.
     *
     * @return the records whose dead letters were not acknowledged; they must not be committed
     */
    List<ConsumerRecord<?, ?>> awaitPublished();

    /**
     * Why the last record that {@link #awaitPublished()} reported on this thread could not be published, or null when
     * all were.
     */
    @Nullable
    Throwable lastFailure();
}
