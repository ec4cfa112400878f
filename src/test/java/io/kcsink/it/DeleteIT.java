package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
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

/**
 * A tombstone (null value) deletes the row named by its JSON key when {@code delete-on-null=true}; without it, the
 * tombstone is parked in the dead-letter topic with the reason.
 */
@Testcontainers
class DeleteIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final String KEY_1 = "{\"id\": 1, \"created\": \"2016-05-06 13:53:00\"}";
    static final String KEY_2 = "{\"id\": 2, \"created\": \"2016-05-06 13:54:00\"}";

    @Test
    void tombstoneDeletesTheRowOrIsParkedWhenDeletesAreOff() {
        String keyspace = unique("deletes");
        String deleting = unique("deleting").replace('_', '-');
        String keeping = unique("keeping").replace('_', '-');
        createKeyspace(keyspace);
        for (String table : List.of("deleting", "keeping")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int, created text, product text,"
                    + " PRIMARY KEY (id, created))");
        }
        createTopic(deleting, 1);
        createTopic(keeping, 1);
        for (String topic : List.of(deleting, keeping)) {
            produce(List.of(
                    record(topic, KEY_1, "{\"id\": 1, \"created\": \"2016-05-06 13:53:00\", \"product\": \"a\"}"),
                    record(topic, KEY_2, "{\"id\": 2, \"created\": \"2016-05-06 13:54:00\", \"product\": \"b\"}")));
        }

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "deleting",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".deleting SELECT * FROM " + deleting
                        + " PROPERTIES('delete-on-null'='true')",
                "sink.routes[1].name",
                "keeping",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".keeping SELECT * FROM " + keeping))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ids(keyspace, "deleting")).containsExactlyInAnyOrder(1, 2);
                assertThat(ids(keyspace, "keeping")).containsExactlyInAnyOrder(1, 2);
            });

            produce(List.of(record(deleting, KEY_1, null), record(keeping, KEY_1, null)));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(ids(keyspace, "deleting")).containsExactly(2));
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(keeping + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            ConsumerRecord<byte[], byte[]> tombstone = parked.get(0);
            assertThat(tombstone.value()).isNull();
            assertThat(new String(tombstone.key(), StandardCharsets.UTF_8)).isEqualTo(KEY_1);
            assertThat(header(tombstone, DeadLetterPublisher.STAGE)).isEqualTo("map");
            assertThat(header(tombstone, DeadLetterPublisher.ROUTE)).isEqualTo("keeping");
            assertThat(header(tombstone, "kafka_dlt-exception-message")).contains("delete-on-null is off");
            assertThat(ids(keyspace, "keeping")).containsExactlyInAnyOrder(1, 2);
            assertThat(readAll(deleting + ".DLT", 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    private static List<Integer> ids(String keyspace, String table) {
        return cql().execute("SELECT id FROM " + keyspace + "." + table).all().stream()
                .map(r -> r.getInt("id"))
                .toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(
                topic,
                key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
