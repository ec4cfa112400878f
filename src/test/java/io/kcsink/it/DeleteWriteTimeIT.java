package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Deletes (tombstones) with a record-based write time and a TTL, the case of the DataStax connector's issue 138: an
 * insert with a TTL, a delete, then a re-insert. The delete is written at the tombstone's record time, not at the time
 * Cassandra receives it, so what a re-insert shows depends on its own time, not on when the sink ran.
 */
@Testcontainers
class DeleteWriteTimeIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    /** An hour ago: every time below is before the sink writes anything, as in a replay of old records. */
    static final long T0 = System.currentTimeMillis() - 3_600_000L;

    @Test
    void aDeleteCarriesTheRecordTimeSoReInsertsShowByTheirOwnTime() {
        String keyspace = unique("del_wt");
        String pathTopic = unique("del-path").replace('_', '-');
        String recordTopic = unique("del-record").replace('_', '-');
        String group = unique("del-wt-sink");
        createKeyspace(keyspace);
        for (String table : List.of("by_path", "by_record")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, v text)");
        }
        createTopic(pathTopic, 1);
        createTopic(recordTopic, 1);
        produce(List.of(
                // write-time=path:at: the event time in the value decides, and a delete carries its record time.
                insert(pathTopic, 1, "first", T0, T0),
                tombstone(pathTopic, 1, T0 + 10_000),
                insert(pathTopic, 1, "older than the delete", T0 + 5_000, T0 + 20_000),
                insert(pathTopic, 2, "first", T0, T0),
                tombstone(pathTopic, 2, T0 + 10_000),
                insert(pathTopic, 2, "newer than the delete", T0 + 15_000, T0 + 20_000),
                insert(pathTopic, 3, "first", T0, T0),
                tombstone(pathTopic, 3, T0 + 10_000),
                insert(pathTopic, 3, "at the delete's microsecond", T0 + 10_000, T0 + 20_000),
                // write-time=record-timestamp: within a partition the later record wins, whatever its timestamp.
                insert(recordTopic, 1, "first", T0, T0),
                tombstone(recordTopic, 1, T0 + 10_000),
                insert(recordTopic, 1, "re-inserted with an older timestamp", T0, T0 + 5_000)));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".by_path SELECT id, v FROM " + pathTopic
                        + " PROPERTIES('delete-on-null'='true', 'ttl-path'='ttl', 'write-time'='path:at',"
                        + " 'write-time-unit'='ms')",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".by_record SELECT id, v FROM " + recordTopic
                        + " PROPERTIES('delete-on-null'='true', 'ttl-path'='ttl', 'write-time'='record-timestamp')"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(group, pathTopic, recordTopic));

            Map<Integer, Row> byPath = rows(keyspace, "by_path");
            // 1: stamped before the delete; 3: at its microsecond, where Cassandra keeps the delete.
            assertThat(byPath).containsOnlyKeys(2);
            assertThat(byPath.get(2).getString("v")).isEqualTo("newer than the delete");
            assertThat(byPath.get(2).getLong("writetime(v)")).isEqualTo((T0 + 15_000) * 1000);
            assertThat(byPath.get(2).getInt("ttl(v)")).isBetween(3600 - 120, 3600);

            Map<Integer, Row> byRecord = rows(keyspace, "by_record");
            assertThat(byRecord.get(1).getString("v")).isEqualTo("re-inserted with an older timestamp");
            // one microsecond after the delete, which was written at its own record time
            assertThat(byRecord.get(1).getLong("writetime(v)")).isEqualTo((T0 + 10_000) * 1000 + 1);
            assertThat(byRecord.get(1).getInt("ttl(v)")).isBetween(3600 - 120, 3600);
        }
    }

    private static Map<Integer, Row> rows(String keyspace, String table) {
        Map<Integer, Row> rows = new HashMap<>();
        for (Row row : cql().execute("SELECT id, v, WRITETIME(v), TTL(v) FROM " + keyspace + "." + table)) {
            rows.put(row.getInt("id"), row);
        }
        return rows;
    }

    private static ProducerRecord<byte[], byte[]> insert(String topic, int id, String v, long at, long timestamp) {
        String json = "{\"id\": " + id + ", \"v\": \"" + v + "\", \"at\": " + at + ", \"ttl\": 3600}";
        return new ProducerRecord<>(topic, 0, timestamp, key(id), json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<byte[], byte[]> tombstone(String topic, int id, long timestamp) {
        return new ProducerRecord<>(topic, 0, timestamp, key(id), (byte[]) null);
    }

    private static byte[] key(int id) {
        return ("{\"id\": " + id + "}").getBytes(StandardCharsets.UTF_8);
    }
}
