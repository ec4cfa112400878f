package io.kcsink.ingest;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the group coordinator keeps of a consumer group for the clock tests: the committed offsets with their metadata,
 * and the group's generation. {@link #consumer()} answers the two questions {@link WriteClocks} asks a consumer.
 */
final class CommittedOffsets {

    final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    int generation = 1;
    RuntimeException failure;

    /** Commits the offset after {@code lastOffset} of a partition, with the metadata the container would ask for. */
    void commit(WriteClocks clocks, TopicPartition partition, long lastOffset) {
        committed.put(partition, clocks.provide(null, lastOffset + 1));
    }

    @SuppressWarnings("unchecked")
    Consumer<byte[], byte[]> consumer() {
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "committed" -> {
                            if (failure != null) {
                                throw failure;
                            }
                            Map<TopicPartition, OffsetAndMetadata> answer = new HashMap<>();
                            for (TopicPartition partition : (Set<TopicPartition>) args[0]) {
                                answer.put(partition, committed.get(partition));
                            }
                            return answer;
                        }
                        case "groupMetadata" -> {
                            return new ConsumerGroupMetadata("group", generation, "member", Optional.empty());
                        }
                        case "toString" -> {
                            return "committed offsets " + committed;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
