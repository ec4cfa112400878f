package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.kcsink.ingest.WriteClocks;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Updates of one key that share one millisecond, with {@code write-time=record-timestamp}: the last one wins, across
 * offsets 999 to 1000 (where {@code offset % 1000} used to start again), across batches, and across a restart that
 * resumes from the committed offset. The values go down as the offsets go up, so that if two write times were equal,
 * Cassandra's tie-break (the greater value) would keep an earlier update and the test would see it.
 */
@Testcontainers
class WriteTimeOrderIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final long MILLI = 1_700_000_000_123L;

    @Test
    void theLastOf2000UpdatesInOneMillisecondWins() {
        String keyspace = unique("wt_order");
        String topic = unique("wt-order").replace('_', '-');
        String group = unique("wt-order-sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".latest (id int PRIMARY KEY, v int)");
        createTopic(topic, 1);
        produce(updates(topic, 0, 2000));

        try (ConfigurableApplicationContext sink = startSink(properties(keyspace, topic, group))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(group, topic));

            assertThat(latest(keyspace)).containsExactly((long) value(1999), MILLI * 1000 + 1999);
        }
    }

    @Test
    void aRestartedSinkResumesTheCommittedClockSoTheLastUpdateStillWins() throws Exception {
        String keyspace = unique("wt_resume");
        String topic = unique("wt-resume").replace('_', '-');
        String group = unique("wt-resume-sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".latest (id int PRIMARY KEY, v int)");
        createTopic(topic, 1);
        produce(updates(topic, 0, 1500));
        try (ConfigurableApplicationContext first = startSink(properties(keyspace, topic, group))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(group, topic));
        }
        assertThat(latest(keyspace)).containsExactly((long) value(1499), MILLI * 1000 + 1499);

        produce(updates(topic, 1500, 500));
        try (ConfigurableApplicationContext second = startSink(properties(keyspace, topic, group))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(group, topic));

            assertThat(latest(keyspace)).containsExactly((long) value(1999), MILLI * 1000 + 1999);
        }
        assertThat(committed(group, topic).metadata()).isEqualTo(WriteClocks.METADATA_PREFIX + (MILLI * 1000 + 1999));
    }

    private static Map<String, String> properties(String keyspace, String topic, String group) {
        return Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "spring.kafka.consumer.max-poll-records",
                "300",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".latest SELECT id, v FROM " + topic
                        + " PROPERTIES('write-time'='record-timestamp')");
    }

    /** Updates {@code first..first+count-1} of key 1, all stamped with the same millisecond by the producer. */
    private static List<ProducerRecord<byte[], byte[]>> updates(String topic, int first, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            records.add(new ProducerRecord<>(
                    topic,
                    0,
                    MILLI,
                    "1".getBytes(StandardCharsets.UTF_8),
                    ("{\"id\": 1, \"v\": " + value(n) + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** The value of the n-th update: smaller for every later one. */
    private static int value(int n) {
        return 10_000 - n;
    }

    /** {v, WRITETIME(v)} of key 1. */
    private static List<Long> latest(String keyspace) {
        Row row = cql().execute("SELECT v, WRITETIME(v) FROM " + keyspace + ".latest WHERE id = 1")
                .one();
        return row == null ? List.of() : List.of((long) row.getInt(0), row.getLong(1));
    }

    private static OffsetAndMetadata committed(String group, String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(topic, 0));
        }
    }
}
