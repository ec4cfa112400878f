package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** A row that Cassandra itself rejects is parked with stage {@code write}; the rest of its batch is written. */
@Testcontainers
class WriteFailureIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void parksTheRowCassandraRejectsAndWritesTheOthers() {
        String keyspace = unique("write_failure");
        String topic = unique("write-failure").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".t (name text PRIMARY KEY, v int)");
        createTopic(topic, 1);
        // Cassandra refuses partition keys longer than 65,535 bytes; nothing before the write can know that.
        String tooLong = "x".repeat(70_000);
        produce(List.of(
                record(topic, "{\"name\": \"a\", \"v\": 1}"),
                record(topic, "{\"name\": \"" + tooLong + "\", \"v\": 2}"),
                record(topic, "{\"name\": \"b\", \"v\": 3}")));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "t",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".t SELECT * FROM " + topic))) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(cql().execute("SELECT name, v FROM " + keyspace + ".t")
                                    .all())
                            .extracting(r -> r.getString("name"), r -> r.getInt("v"))
                            .containsExactlyInAnyOrder(tuple("a", 1), tuple("b", 3)));

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(topic + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            ConsumerRecord<byte[], byte[]> rejected = parked.get(0);
            assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).contains(tooLong);
            assertThat(header(rejected, DeadLetterPublisher.STAGE)).isEqualTo("write");
            assertThat(header(rejected, DeadLetterPublisher.ROUTE)).isEqualTo("t");
            assertThat(header(rejected, "kafka_dlt-exception-message")).contains("Cassandra rejected the row");
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
