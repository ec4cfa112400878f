package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.ingest.RouteGroups;
import io.kcsink.ingest.SinkRoute;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.kafka.event.ConsumerStartedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Each route group is a failure domain of its own: its container stops, is paused and restarted alone, and the routes of
 * other groups, even those reading the same topic, keep running.
 */
class RouteGroupControlTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders-topic", 0);

    private final SinkRoute orders = OpsFixtures.route("orders", "orders-topic");
    private final SinkRoute audit = OpsFixtures.routeInGroup("audit", "orders-topic", "audit");
    private final RouteGroups groups =
            RouteGroups.of(OpsFixtures.routes(orders, audit), "sink", "kafka-cassandra-sink");
    private final Container shared = new Container("sink", "kafka-cassandra-sink");
    private final Container auditContainer = new Container("sink-audit", "audit");
    private final RouteControl control = new RouteControl(
            groups, id -> id.equals("sink") ? shared : id.equals("sink-audit") ? auditContainer : null);

    @Test
    void aStoppedContainerFailsTheRoutesOfItsGroupOnly() {
        auditContainer.running = false;
        control.onApplicationEvent(
                new ConsumerStoppedEvent(this, auditContainer, ConsumerStoppedEvent.Reason.ABNORMAL));

        assertThat(control.status(audit).state()).isEqualTo(RouteControl.State.FAILED);
        assertThat(control.status(audit).reason()).contains("sink-audit").contains("ABNORMAL");
        assertThat(control.status(orders).state()).isEqualTo(RouteControl.State.RUNNING);
    }

    @Test
    void restartClearsTheGroupsFailuresAndStartsOnlyItsContainer() {
        control.fail("audit", "table demo.audit was dropped");
        auditContainer.running = false;
        control.onApplicationEvent(
                new ConsumerStoppedEvent(this, auditContainer, ConsumerStoppedEvent.Reason.ABNORMAL));

        control.restart(audit);

        assertThat(auditContainer.starts).isEqualTo(1);
        assertThat(shared.starts).isZero();
        assertThat(control.status(audit).state()).isEqualTo(RouteControl.State.RUNNING);
    }

    @Test
    void restartingARouteOfTheDefaultGroupRestartsTheSharedContainer() {
        shared.running = false;

        control.restart(orders);

        assertThat(shared.starts).isEqualTo(1);
        assertThat(auditContainer.starts).isZero();
    }

    @Test
    void restartLeavesARunningContainerAsItIs() {
        control.restart(audit);

        assertThat(auditContainer.starts).isZero();
    }

    @Test
    void pausingARoutePausesItsTopicInItsGroupOnly() {
        control.pause(orders);

        assertThat(shared.paused).containsExactly(ORDERS_0);
        assertThat(auditContainer.paused).isEmpty();
        assertThat(control.status(audit).state()).isEqualTo(RouteControl.State.RUNNING);

        // A rebalance of the other group does not pause the partitions of the paused route's topic there.
        control.onPartitionsAssigned(consumerOf("audit"), List.of(ORDERS_0));
        assertThat(auditContainer.paused).isEmpty();
        control.onPartitionsAssigned(consumerOf("kafka-cassandra-sink"), List.of(ORDERS_0));
        assertThat(shared.paused).containsExactly(ORDERS_0);
    }

    @Test
    void aStartedConsumerClearsItsContainersFailure() {
        control.onApplicationEvent(
                new ConsumerStoppedEvent(this, auditContainer, ConsumerStoppedEvent.Reason.ABNORMAL));
        control.onApplicationEvent(new ConsumerStartedEvent(this, auditContainer));

        assertThat(control.status(audit).state()).isEqualTo(RouteControl.State.RUNNING);
    }

    private static Consumer<?, ?> consumerOf(String group) {
        Consumer<?, ?> consumer = Mockito.mock(Consumer.class);
        Mockito.when(consumer.groupMetadata()).thenReturn(new ConsumerGroupMetadata(group));
        return consumer;
    }

    /** A listener container of one group that remembers pauses and starts. */
    private static final class Container implements MessageListenerContainer {

        final String listenerId;
        final String groupId;
        final Set<TopicPartition> paused = new HashSet<>();
        boolean running = true;
        int starts;

        Container(String listenerId, String groupId) {
            this.listenerId = listenerId;
            this.groupId = groupId;
        }

        @Override
        public @Nullable String getListenerId() {
            return listenerId;
        }

        @Override
        public String getGroupId() {
            return groupId;
        }

        @Override
        public List<TopicPartition> getAssignedPartitions() {
            return List.of(ORDERS_0);
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
        public void start() {
            starts++;
            running = true;
        }

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
