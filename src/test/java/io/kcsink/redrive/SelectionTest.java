package io.kcsink.redrive;

import static io.kcsink.redrive.DeadLetterFixtures.parkedFirst;
import static io.kcsink.redrive.DeadLetterFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A re-drive selects dead letters by the stage and route that failed and by when they were parked. */
class SelectionTest {

    private static final Instant PARKED_AT = Instant.parse("2026-12-02T10:00:00Z");

    private final ParkedRecord mapFailureInOrders = parked(Stage.MAP, "orders");

    @Test
    void selectsEveryDeadLetterWhenNothingIsSet() {
        assertThat(Selection.ALL.selects(mapFailureInOrders)).isTrue();
    }

    @Test
    void selectsByTheStageThatFailed() {
        assertThat(new Selection("map", null, null, null).selects(mapFailureInOrders))
                .isTrue();
        assertThat(new Selection("write", null, null, null).selects(mapFailureInOrders))
                .isFalse();
    }

    @Test
    void selectsByTheRouteThatFailed() {
        assertThat(new Selection(null, "orders", null, null).selects(mapFailureInOrders))
                .isTrue();
        assertThat(new Selection(null, "payments", null, null).selects(mapFailureInOrders))
                .isFalse();
        assertThat(new Selection("map", "payments", null, null).selects(mapFailureInOrders))
                .isFalse();
    }

    @Test
    void selectsByWhenTheRecordWasParkedFromSinceInclusiveToUntilExclusive() {
        assertThat(new Selection(null, null, PARKED_AT, null).selects(mapFailureInOrders))
                .isTrue();
        assertThat(new Selection(null, null, PARKED_AT.plusMillis(1), null).selects(mapFailureInOrders))
                .isFalse();
        assertThat(new Selection(null, null, null, PARKED_AT.plusMillis(1)).selects(mapFailureInOrders))
                .isTrue();
        assertThat(new Selection(null, null, null, PARKED_AT).selects(mapFailureInOrders))
                .isFalse();
        assertThat(new Selection(null, null, PARKED_AT.minusSeconds(60), PARKED_AT.plusSeconds(60))
                        .selects(mapFailureInOrders))
                .isTrue();
    }

    private static ParkedRecord parked(Stage stage, String route) {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("orders-topic", 0, 7L, utf8("1"), utf8("{\"id\": \"x\"}"));
        RecordFailureException failure =
                new RecordFailureException(stage, route, "id", "id", "cannot convert", new NumberFormatException("x"));
        // The dead letter's own timestamp is when it was parked: the broker's time of the send.
        return ParkedRecord.of(parkedFirst(record, failure, PARKED_AT.toEpochMilli(), 0));
    }
}
