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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code sink.write.max-rows-per-second} paces the service's writes to a real Cassandra: a backlog that the sink
 * would otherwise write in a fraction of a second is written no faster than the cap, and completely.
 */
class WriteRateIT {

    private static final int ROWS = 150;
    private static final int ROWS_PER_SECOND = 50;

    @Test
    void aBacklogIsWrittenNoFasterThanTheCap() {
        String keyspace = unique("write_rate");
        String topic = unique("write-rate").replace('_', '-');
        String group = unique("write-rate-sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text)");
        createTopic(topic, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int id = 0; id < ROWS; id++) {
            String json = "{\"id\": " + id + ", \"product\": \"p" + id + "\"}";
            records.add(new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8)));
        }
        produce(records);

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "sink.write.max-rows-per-second",
                Integer.toString(ROWS_PER_SECOND),
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> rows(keyspace) > 0);
            long firstSeen = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> rows(keyspace) == ROWS);
            Duration writing = Duration.ofNanos(System.nanoTime() - firstSeen);

            // 5 rows per 100 ms from the first write on: the last of 150 rows at least 2.9 s after the first, less
            // the time it took to see the first.
            assertThat(writing).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(group, topic));
        }
    }

    private static long rows(String keyspace) {
        return cql().execute("SELECT COUNT(*) FROM " + keyspace + ".orders")
                .one()
                .getLong(0);
    }
}
