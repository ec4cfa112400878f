package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.producer;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** TTL from KCQL and from a record field, and the write time taken from the Kafka record's timestamp. */
@Testcontainers
class WriteTimestampAndTtlIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final long RECORD_TIMESTAMP = 1_700_000_000_123L;

    @Test
    void appliesStaticAndPerRecordTtlAndTheRecordTimestampAsWriteTime() throws Exception {
        String keyspace = unique("ttl_wt");
        String staticTopic = unique("ttl-static").replace('_', '-');
        String pathTopic = unique("ttl-path").replace('_', '-');
        String timeTopic = unique("write-time").replace('_', '-');
        createKeyspace(keyspace);
        for (String table : List.of("ttl_static", "ttl_path", "write_time")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, v text)");
        }
        for (String topic : List.of(staticTopic, pathTopic, timeTopic)) {
            createTopic(topic, 1);
        }
        Map<Integer, Long> offsets = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(record(staticTopic, null, "{\"id\": 1, \"v\": \"static\"}"))
                    .get();
            producer.send(record(pathTopic, null, "{\"id\": 1, \"v\": \"short\", \"ttl\": 600}"))
                    .get();
            producer.send(record(pathTopic, null, "{\"id\": 2, \"v\": \"long\", \"ttl\": 86400}"))
                    .get();
            for (int id = 1; id <= 3; id++) {
                // Same millisecond for all three: the offset is what orders them within it.
                RecordMetadata sent = producer.send(
                                record(timeTopic, RECORD_TIMESTAMP, "{\"id\": " + id + ", \"v\": \"t" + id + "\"}"))
                        .get();
                offsets.put(id, sent.offset());
            }
        }

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".ttl_static SELECT * FROM " + staticTopic + " TTL = 3600",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".ttl_path SELECT id, v FROM " + pathTopic
                        + " PROPERTIES('ttl-path'='ttl')",
                "sink.routes[2].kcql",
                "INSERT INTO " + keyspace + ".write_time SELECT * FROM " + timeTopic
                        + " PROPERTIES('write-time'='record-timestamp')"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ttlAndWriteTime(keyspace, "ttl_static")).hasSize(1);
                assertThat(ttlAndWriteTime(keyspace, "ttl_path")).hasSize(2);
                assertThat(ttlAndWriteTime(keyspace, "write_time")).hasSize(3);
            });

            // TTL counts down from the write; allow for the time the test took to get here.
            assertThat(ttlAndWriteTime(keyspace, "ttl_static").get(1)[0]).isBetween(3600L - 60, 3600L);
            Map<Integer, long[]> byPath = ttlAndWriteTime(keyspace, "ttl_path");
            assertThat(byPath.get(1)[0]).isBetween(600L - 60, 600L);
            assertThat(byPath.get(2)[0]).isBetween(86400L - 60, 86400L);
            Map<Integer, long[]> timed = ttlAndWriteTime(keyspace, "write_time");
            for (int id = 1; id <= 3; id++) {
                // The first record of the partition at the record timestamp, each later one 1 µs after the previous.
                assertThat(timed.get(id)[1]).isEqualTo(RECORD_TIMESTAMP * 1000 + offsets.get(id) - offsets.get(1));
                assertThat(timed.get(id)[0]).isEqualTo(-1L); // no TTL on this route
            }
        }
    }

    /** id → {TTL(v) or -1, WRITETIME(v)}. */
    private static Map<Integer, long[]> ttlAndWriteTime(String keyspace, String table) {
        Map<Integer, long[]> result = new HashMap<>();
        for (Row row : cql().execute("SELECT id, TTL(v), WRITETIME(v) FROM " + keyspace + "." + table)) {
            long ttl = row.isNull(1) ? -1 : row.getInt(1);
            result.put(row.getInt(0), new long[] {ttl, row.getLong(2)});
        }
        return result;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Long timestamp, String json) {
        return new ProducerRecord<>(topic, null, timestamp, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
