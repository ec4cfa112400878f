package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SinkRoute orders = OpsFixtures.route("orders", "orders-topic");
    private final SinkRoute audit = OpsFixtures.route("audit", "orders-topic");
    private final SinkMetrics metrics =
            new SinkMetrics(registry, OpsFixtures.routes(orders, audit), new RowWriter(null, null, 8));

    @Test
    void countsRecordsPerRouteTaggedWithRouteTableAndStage() {
        metrics.received(orders);
        metrics.received(orders);
        metrics.received(audit);
        metrics.written(orders);
        metrics.deadLettered(orders, Stage.DECODE);
        metrics.skipped(audit, Stage.MAP);

        assertThat(registry.get("sink.records.received")
                        .tags("route", "orders", "table", "demo.orders")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("sink.records.written")
                        .tags("route", "orders", "table", "demo.orders")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("sink.records.dead.lettered")
                        .tags("route", "orders", "stage", "decode")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("sink.records.skipped")
                        .tags("route", "audit", "table", "demo.audit", "stage", "map")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(metrics.counts(orders)).isEqualTo(new SinkMetrics.Counts(2, 1, 1, 0));
        assertThat(metrics.counts(audit)).isEqualTo(new SinkMetrics.Counts(1, 0, 0, 1));
        assertThat(metrics.totals()).isEqualTo(new SinkMetrics.Counts(3, 1, 1, 1));
    }

    @Test
    void countsRecordsFilteredPerRouteApartFromTheParkedAndSkipped() {
        metrics.received(orders);
        metrics.received(orders);
        metrics.filtered(orders);

        assertThat(registry.get("sink.records.filtered")
                        .tags("route", "orders", "table", "demo.orders")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(metrics.counts(orders)).isEqualTo(new SinkMetrics.Counts(2, 0, 0, 0, 1));
        assertThat(metrics.totals().filtered()).isEqualTo(1);
    }

    @Test
    void countsEveryFailedDeliveryOfABatchAsARetry() {
        metrics.failedDelivery(ConsumerRecords.empty(), new IllegalStateException("Cassandra down"), 1);
        metrics.failedDelivery(ConsumerRecords.empty(), new IllegalStateException("Cassandra down"), 2);

        assertThat(registry.get("sink.retries").counter().count()).isEqualTo(2);
    }

    @Test
    void recordsBatchSizesAndWriteTimes() {
        metrics.batch(100, TimeUnit.MILLISECONDS.toNanos(20));
        metrics.batch(300, TimeUnit.MILLISECONDS.toNanos(40));

        assertThat(registry.get("sink.batch.size").summary().totalAmount()).isEqualTo(400);
        assertThat(registry.get("sink.write.latency").timer().count()).isEqualTo(2);
        assertThat(registry.get("sink.write.latency").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(60);
        assertThat(registry.get("sink.writes.in.flight").gauge().value()).isZero();
    }
}
