package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.ingest.SinkRoute;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListenerContainer;

class RouteControlTest {

    private final SinkRoute orders = OpsFixtures.route("orders", "orders-topic");
    private final SinkRoute audit = OpsFixtures.route("audit", "orders-topic");
    private final SinkRoute payments = OpsFixtures.route("payments", "payments-topic");
    private final Container container = new Container(Set.of(
            new TopicPartition("orders-topic", 0),
            new TopicPartition("orders-topic", 1),
            new TopicPartition("payments-topic", 0)));
    private final RouteControl control =
            new RouteControl(OpsFixtures.routes(orders, audit, payments), "sink", () -> container);

    @Test
    void pausingARoutePausesTheAssignedPartitionsOfItsTopicsOnly() {
        control.pause(orders);

        assertThat(container.paused)
                .containsExactlyInAnyOrder(
                        new TopicPartition("orders-topic", 0), new TopicPartition("orders-topic", 1));
        assertThat(control.status(orders).state()).isEqualTo(RouteControl.State.PAUSED);
        assertThat(control.status(orders).paused()).containsExactly("orders-topic-0", "orders-topic-1");
        assertThat(control.status(payments).state()).isEqualTo(RouteControl.State.RUNNING);
    }

    @Test
    void routesSharingATopicPauseTogetherAndItResumesOnlyWhenNoneIsPaused() {
        control.pause(orders);
        control.pause(audit);
        assertThat(control.status(audit).state()).isEqualTo(RouteControl.State.PAUSED);

        control.resume(orders);
        assertThat(container.paused).hasSize(2);
        assertThat(control.status(orders).state()).isEqualTo(RouteControl.State.PAUSED);
        assertThat(control.status(orders).reason()).contains("paused route audit");

        control.resume(audit);
        assertThat(container.paused).isEmpty();
        assertThat(control.status(orders).state()).isEqualTo(RouteControl.State.RUNNING);
    }

    @Test
    void partitionsAssignedWhileARouteIsPausedArePausedOnAssignment() {
        control.pause(orders);
        TopicPartition reassigned = new TopicPartition("orders-topic", 2);
        TopicPartition other = new TopicPartition("payments-topic", 1);

        control.onPartitionsAssigned(null, List.of(reassigned, other));

        assertThat(container.paused).contains(reassigned).doesNotContain(other);
    }

    @Test
    void aFailedRouteIsFailedWithItsReasonAndAStoppedContainerStopsEveryRoute() {
        control.fail("payments", "table demo.payments was dropped");
        assertThat(control.status(payments).state()).isEqualTo(RouteControl.State.FAILED);
        assertThat(control.status(payments).reason()).isEqualTo("table demo.payments was dropped");

        container.running = false;
        assertThat(control.status(orders).state()).isEqualTo(RouteControl.State.STOPPED);
    }

    /** A listener container that only remembers which partitions it was asked to pause. */
    private static final class Container implements MessageListenerContainer {

        final Set<TopicPartition> assigned;
        final Set<TopicPartition> paused = new HashSet<>();
        boolean running = true;

        Container(Set<TopicPartition> assigned) {
            this.assigned = assigned;
        }

        @Override
        public List<TopicPartition> getAssignedPartitions() {
            return List.copyOf(assigned);
        }

        @Override
        public void pausePartition(TopicPartition partition) {
            paused.add(partition);
        }

        @Override
        public void resumePartition(TopicPartition partition) {
            paused.remove(partition);
        }

        @Override
        public boolean isPartitionPaused(TopicPartition partition) {
            return paused.contains(partition);
        }

        @Override
        public void setupMessageListener(Object messageListener) {}

        @Override
        public Map<String, Map<MetricName, ? extends Metric>> metrics() {
            return Map.of();
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
