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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Many updates of few keys: the final row of each key is its last record, whether the updates of a key are in one batch
 * or in several. Everything is produced before the sink starts, so that each poll holds many records of every key.
 */
@Testcontainers
class WriteOrderIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final int RECORDS = 5_000;
    static final int KEYS = 10;
    static final int PARTITIONS = 3;

    @Test
    void lastRecordOfEachKeyWinsWithinAndAcrossBatches() {
        String keyspace = unique("order");
        String keyedTopic = unique("order-keyed").replace('_', '-');
        String spreadTopic = unique("order-spread").replace('_', '-');
        String group = unique("order-sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".keyed (id int PRIMARY KEY, seq int, note text)");
        cql().execute("CREATE TABLE " + keyspace + ".spread (id int PRIMARY KEY, seq int, note text)");
        createTopic(keyedTopic, PARTITIONS);
        createTopic(spreadTopic, PARTITIONS);

        // Keyed by id: all updates of a key are in one partition, in order.
        List<ProducerRecord<byte[], byte[]>> keyed = new ArrayList<>();
        // Not keyed: a key's updates are spread over every partition; the record timestamp says which is last.
        List<ProducerRecord<byte[], byte[]>> spread = new ArrayList<>();
        long start = System.currentTimeMillis() - RECORDS;
        for (int seq = 0; seq < RECORDS; seq++) {
            int id = seq % KEYS;
            byte[] value = ("{\"id\": " + id + ", \"seq\": " + seq + ", \"note\": \"n" + seq + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            keyed.add(new ProducerRecord<>(keyedTopic, String.valueOf(id).getBytes(StandardCharsets.UTF_8), value));
            spread.add(new ProducerRecord<>(spreadTopic, (seq / KEYS) % PARTITIONS, start + seq, null, value));
        }
        produce(keyed);
        produce(spread);

        Map<Integer, Integer> last = new HashMap<>();
        for (int seq = 0; seq < RECORDS; seq++) {
            last.put(seq % KEYS, seq);
        }
        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "spring.kafka.consumer.max-poll-records",
                "1000",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".keyed SELECT * FROM " + keyedTopic,
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".spread SELECT * FROM " + spreadTopic
                        + " PROPERTIES('write-time'='record-timestamp')"))) {
            // Committed offsets cover only records that are in Cassandra: at the end, every write has landed.
            await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(group, keyedTopic, spreadTopic));

            assertThat(finalRows(keyspace, "keyed")).isEqualTo(last);
            assertThat(finalRows(keyspace, "spread")).isEqualTo(last);
        }
    }

    private static Map<Integer, Integer> finalRows(String keyspace, String table) {
        Map<Integer, Integer> rows = new HashMap<>();
        for (Row row : cql().execute("SELECT id, seq, note FROM " + keyspace + "." + table)) {
            assertThat(row.getString("note")).isEqualTo("n" + row.getInt("seq"));
            rows.put(row.getInt("id"), row.getInt("seq"));
        }
        return rows;
    }
}
