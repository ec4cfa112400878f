package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.write.RowWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Grouped writes on a real Cassandra: rows sent in unlogged batches keep their own TTL and write time, a batch that
 * Cassandra rejects for one row's sake fails only that row, rows of one key keep their order, and counters count.
 */
@ExtendWith(OutputCaptureExtension.class)
class GroupedWritesIT {

    private static final long WRITE_TIME = 1_700_000_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"partition", "replica-set"})
    void batchesKeepEachRowsTimeAndOrderAndFailOnlyTheRowCassandraRejects(String grouping, CapturedOutput output) {
        String keyspace = unique("grouped");
        String events = unique("grouped-events").replace('_', '-');
        String latest = unique("grouped-latest").replace('_', '-');
        String hits = unique("grouped-hits").replace('_', '-');
        String group = unique("grouped-sink");
        // The ordered rows in a keyspace of their own: by replica set they would otherwise share a batch with the row
        // Cassandra refuses, and be written again one by one in no particular order (in one wave, that is sound).
        String ordered = keyspace + "_ordered";
        createKeyspace(keyspace);
        createKeyspace(ordered);
        cql().execute("CREATE TABLE " + keyspace + ".events (pk text, ck int, v int, PRIMARY KEY (pk, ck))");
        cql().execute("CREATE TABLE " + ordered + ".latest (pk text, ck int, v int, PRIMARY KEY (pk, ck))");
        cql().execute("CREATE TABLE " + keyspace + ".hits (pk text, ck int, n counter, PRIMARY KEY (pk, ck))");
        for (String topic : List.of(events, latest, hits)) {
            createTopic(topic, 1);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int ck = 0; ck < 10; ck++) {
            // Each row its own write time and TTL, in one partition: one batch under either grouping.
            records.add(record(
                    events,
                    "{\"pk\": \"p\", \"ck\": " + ck + ", \"v\": " + ck + ", \"ts\": " + (WRITE_TIME + ck)
                            + ", \"ttl\": " + (10_000 + 100 * ck) + "}"));
        }
        // Cassandra refuses the write time Long.MIN_VALUE (it means "no timestamp" inside Cassandra); the route's
        // epoch-range reaches back that far, so only the server can refuse it.
        records.add(
                5,
                record(
                        events,
                        "{\"pk\": \"p\", \"ck\": 99, \"v\": 99, \"ts\": " + Long.MIN_VALUE + ", \"ttl\": 10000}"));
        for (int v = 9; v >= 1; v--) {
            // Nine rows of one key, falling values: in one batch they would share a timestamp and the greatest would
            // win; written in order, the last one does.
            records.add(record(latest, "{\"pk\": \"q\", \"ck\": 0, \"v\": " + v + "}"));
            records.add(record(latest, "{\"pk\": \"q\", \"ck\": " + v + ", \"v\": " + v + "}"));
        }
        for (int pk = 0; pk < 12; pk++) {
            // Twelve partitions: by replica set one batch, over Cassandra's threshold of 10 for its warning.
            records.add(record(latest, "{\"pk\": \"r" + pk + "\", \"ck\": 0, \"v\": " + pk + "}"));
        }
        for (int round = 0; round < 3; round++) {
            for (int ck = 0; ck < 4; ck++) {
                records.add(record(hits, "{\"pk\": \"c\", \"ck\": " + ck + ", \"n\": " + (ck + 1) + "}"));
            }
        }
        produce(records);

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "sink.write.grouping",
                grouping,
                "sink.routes[0].name",
                "events",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".events SELECT pk, ck, v FROM " + events
                        + " PROPERTIES('write-time'='path:ts', 'write-time-unit'='microseconds',"
                        + " 'epoch-range'='-300000-01-01T00:00:00Z/9999-12-31', 'ttl-path'='ttl')",
                "sink.routes[1].kcql",
                "INSERT INTO " + ordered + ".latest SELECT * FROM " + latest,
                "sink.routes[2].kcql",
                "INSERT INTO " + keyspace + ".hits SELECT * FROM " + hits + " PROPERTIES('counters'='true')"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> caughtUp(group, events, latest, hits));

            List<Row> rows = cql().execute("SELECT ck, v, TTL(v) AS ttl, WRITETIME(v) AS wt FROM " + keyspace
                            + ".events WHERE pk = 'p'")
                    .all();
            assertThat(rows).extracting(r -> r.getInt("ck")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            for (Row row : rows) {
                int ck = row.getInt("ck");
                assertThat(row.getLong("wt")).as("write time of ck %d", ck).isEqualTo(WRITE_TIME + ck);
                assertThat(row.getInt("ttl"))
                        .as("TTL of ck %d", ck)
                        .isBetween(10_000 + 100 * ck - 120, 10_000 + 100 * ck);
            }

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(events + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8))
                    .contains("\"ck\": 99");
            assertThat(header(parked.get(0), DeadLetterPublisher.STAGE)).isEqualTo("write");

            assertThat(cql().execute("SELECT v FROM " + ordered + ".latest WHERE pk = 'q' AND ck = 0")
                            .one()
                            .getInt("v"))
                    .as("the last of the key's rows in offset order")
                    .isEqualTo(1);
            assertThat(cql().execute("SELECT count(*) FROM " + ordered + ".latest")
                            .one()
                            .getLong(0))
                    .isEqualTo(22);

            Map<Integer, Long> counts = new HashMap<>();
            for (Row row : cql().execute("SELECT ck, n FROM " + keyspace + ".hits WHERE pk = 'c'")) {
                counts.put(row.getInt("ck"), row.getLong("n"));
            }
            assertThat(counts).isEqualTo(Map.of(0, 3L, 1, 6L, 2, 9L, 3, 12L));

            RowWriter writer = sink.getBean(RowWriter.class);
            assertThat(writer.batchesSent()).as("batches sent").isPositive();
            assertThat(writer.splitBatches())
                    .as("batches rejected and written row by row")
                    .isEqualTo(1);
            // The driver logs Cassandra's warnings, but not this one, of every batch across partitions.
            assertThat(output.getAll()).doesNotContain("Unlogged batch covering");
        }
    }

    /**
     * Why the sink binds write times to {@code USING TIMESTAMP ?} markers: a timestamp set on a statement is not sent
     * for a statement inside a batch, which is written at the batch's one timestamp.
     */
    @Test
    void aStatementsOwnTimestampIsIgnoredInsideABatch() {
        String keyspace = unique("batch_timestamps");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".t (pk int, ck int, v int, PRIMARY KEY (pk, ck))");
        PreparedStatement insert = cql().prepare("INSERT INTO " + keyspace + ".t (pk, ck, v) VALUES (?, ?, ?)");

        cql().execute(BatchStatement.newInstance(
                BatchType.UNLOGGED,
                insert.bind(1, 1, 1).setQueryTimestamp(WRITE_TIME + 1),
                insert.bind(1, 2, 2).setQueryTimestamp(WRITE_TIME + 2)));

        List<Long> writeTimes = cql().execute("SELECT WRITETIME(v) FROM " + keyspace + ".t WHERE pk = 1").all().stream()
                .map(row -> row.getLong(0))
                .toList();
        assertThat(writeTimes).hasSize(2).doesNotContain(WRITE_TIME + 1, WRITE_TIME + 2);
        assertThat(writeTimes.get(0)).isEqualTo(writeTimes.get(1));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
