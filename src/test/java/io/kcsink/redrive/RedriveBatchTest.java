package io.kcsink.redrive;

import static io.kcsink.redrive.DeadLetterFixtures.parkedFirst;
import static io.kcsink.redrive.DeadLetterFixtures.route;
import static io.kcsink.redrive.DeadLetterFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.ingest.SinkRoute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The dead letters of a poll go to the route their headers name, or the target route; those the selection leaves
 * are skipped, and those that cannot be re-driven are counted as unusable and never reach a route.
 */
class RedriveBatchTest {

    private final Map<String, SinkRoute> routes = new LinkedHashMap<>();

    RedriveBatchTest() {
        routes.put("orders", route("orders", "orders-topic"));
        routes.put("orders_v2", route("orders_v2", "orders-topic"));
        routes.put("payments", route("payments", "payments-topic"));
    }

    @Test
    void sendsEachRecordThroughTheRouteItFailedInAsItsOriginalRecord() {
        RedriveBatch batch = RedriveBatch.sort(
                List.of(
                        deadLetter("orders-topic", 4, Stage.WRITE, "orders"),
                        deadLetter("orders-topic", 5, Stage.MAP, "orders_v2")),
                new RedriveRequest("orders-topic.DLT", Selection.ALL, null),
                routes);

        assertThat(batch.byRoute.get(routes.get("orders"))).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("orders-topic");
            assertThat(record.offset()).isEqualTo(4);
        });
        assertThat(batch.byRoute.get(routes.get("orders_v2")))
                .extracting(ConsumerRecord::offset)
                .containsExactly(5L);
        assertThat(batch.attempts.values()).containsOnly(1);
        assertThat(List.of(batch.read, batch.selected, batch.skipped, batch.unusable))
                .containsExactly(2L, 2L, 0L, 0L);
    }

    @Test
    void sendsEveryRecordThroughTheTargetRouteWhenOneIsChosen() {
        RedriveBatch batch = RedriveBatch.sort(
                List.of(deadLetter("orders-topic", 4, Stage.WRITE, "orders")),
                new RedriveRequest("orders-topic.DLT", Selection.ALL, "orders_v2"),
                routes);

        assertThat(batch.byRoute.keySet()).containsExactly(routes.get("orders_v2"));
    }

    @Test
    void countsWhatTheSelectionLeavesAsSkipped() {
        RedriveBatch batch = RedriveBatch.sort(
                List.of(
                        deadLetter("orders-topic", 4, Stage.WRITE, "orders"),
                        deadLetter("orders-topic", 5, Stage.MAP, "orders")),
                new RedriveRequest("orders-topic.DLT", new Selection("write", null, null, null), null),
                routes);

        assertThat(batch.byRoute.get(routes.get("orders")))
                .extracting(ConsumerRecord::offset)
                .containsExactly(4L);
        assertThat(List.of(batch.read, batch.selected, batch.skipped, batch.unusable))
                .containsExactly(2L, 1L, 1L, 0L);
    }

    @Test
    void countsAsUnusableWhatNamesNoRouteOrARouteThatDoesNotReadItsTopicOrIsNoDeadLetter() {
        RedriveBatch gone = RedriveBatch.sort(
                List.of(deadLetter("orders-topic", 4, Stage.WRITE, "deleted_route")),
                new RedriveRequest("orders-topic.DLT", Selection.ALL, null),
                routes);
        RedriveBatch otherTopic = RedriveBatch.sort(
                List.of(deadLetter("orders-topic", 4, Stage.WRITE, "orders")),
                new RedriveRequest("orders-topic.DLT", Selection.ALL, "payments"),
                routes);
        RedriveBatch notADeadLetter = RedriveBatch.sort(
                List.of(new ConsumerRecord<>("orders-topic.DLT", 0, 0L, utf8("1"), utf8("{}"))),
                new RedriveRequest("orders-topic.DLT", Selection.ALL, null),
                routes);

        for (RedriveBatch batch : List.of(gone, otherTopic, notADeadLetter)) {
            assertThat(batch.byRoute).isEmpty();
            assertThat(batch.unusable).isEqualTo(1);
            assertThat(batch.read).isEqualTo(1);
        }
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String topic, long offset, Stage stage, String route) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, offset, utf8("1"), utf8("{\"id\": 1}"));
        return parkedFirst(
                record,
                new RecordFailureException(stage, route, null, null, "failed", new IllegalStateException("failed")),
                1_000L,
                offset);
    }
}
