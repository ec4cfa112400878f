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

/** With {@code counters=true} each record adds its value to the counter column. */
@Testcontainers
class CounterIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void addsEachRecordsValueToTheCounter() {
        String keyspace = unique("counters");
        String topic = unique("counters").replace('_', '-');
        String group = unique("counter-sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".hits (id int PRIMARY KEY, hits counter)");
        createTopic(topic, 1);
        produce(List.of(record(topic, 1, 2), record(topic, 1, 3), record(topic, 2, 10), record(topic, 1, 4)));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "spring.kafka.consumer.group-id",
                group,
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".hits SELECT * FROM " + topic + " PROPERTIES('counters'='true')"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(group, topic));

            Map<Integer, Long> hits = new HashMap<>();
            for (Row row : cql().execute("SELECT id, hits FROM " + keyspace + ".hits")) {
                hits.put(row.getInt("id"), row.getLong("hits"));
            }
            assertThat(hits).isEqualTo(Map.of(1, 9L, 2, 10L));
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int id, int hits) {
        return new ProducerRecord<>(
                topic, null, ("{\"id\": " + id + ", \"hits\": " + hits + "}").getBytes(StandardCharsets.UTF_8));
    }
}
