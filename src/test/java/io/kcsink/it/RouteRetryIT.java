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
import io.micrometer.core.instrument.MeterRegistry;
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
 * {@code error-policy: retry}: a row that Cassandra rejects for good is written again, {@code retry-attempts} times
 * {@code retry-backoff} apart; written once the cause is cured, dead-lettered when it is not.
 */
@Testcontainers
class RouteRetryIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void aRowRejectedUntilItsColumnIsBackIsWrittenByALaterAttemptAndNothingIsDeadLettered() {
        String keyspace = unique("route_retry");
        String topic = unique("route-retry").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".t (name text PRIMARY KEY, v int)");
        createTopic(topic, 1);

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name", "t",
                "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".t SELECT name, v FROM " + topic,
                "sink.routes[0].error-policy", "retry",
                "sink.routes[0].retry-attempts", "100",
                "sink.routes[0].retry-backoff", "200ms"))) {
            produce(List.of(record(topic, "{\"name\": \"a\", \"v\": 1}")));
            await().atMost(Duration.ofSeconds(60)).until(() -> rows(keyspace).size() == 1);

            // Cassandra now refuses the route's statement (undefined column v) until the column is added back.
            cql().execute("ALTER TABLE " + keyspace + ".t DROP v");
            produce(List.of(record(topic, "{\"name\": \"b\", \"v\": 2}")));
            MeterRegistry meters = sink.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            meters.get("sink.write.retries").functionCounter().count() >= 2);
            cql().execute("ALTER TABLE " + keyspace + ".t ADD v int");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(rows(keyspace))
                            .extracting(r -> r.getString("name"), r -> r.getInt("v"))
                            .contains(tuple("b", 2)));
            assertThat(meters.find("sink.records.dead.lettered").counters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
        }
    }

    @Test
    void aRowRejectedOnEveryAttemptIsDeadLetteredAfterItsAttemptsAndTheOthersAreWritten() {
        String keyspace = unique("route_retry");
        String topic = unique("route-retry").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".t (name text PRIMARY KEY, v int)");
        createTopic(topic, 1);
        // Cassandra refuses partition keys longer than 65,535 bytes, on every attempt.
        String tooLong = "x".repeat(70_000);
        produce(List.of(
                record(topic, "{\"name\": \"a\", \"v\": 1}"),
                record(topic, "{\"name\": \"" + tooLong + "\", \"v\": 2}"),
                record(topic, "{\"name\": \"b\", \"v\": 3}")));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "t",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".t SELECT * FROM " + topic
                        + " PROPERTIES('error-policy'='retry', 'retry-attempts'='2', 'retry-backoff'='100')"))) {
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(topic + ".DLT", 1, Duration.ofSeconds(60));

            assertThat(parked).hasSize(1);
            assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8))
                    .contains(tooLong);
            assertThat(header(parked.get(0), DeadLetterPublisher.STAGE)).isEqualTo("write");
            assertThat(header(parked.get(0), "kafka_dlt-exception-message"))
                    .contains("Cassandra rejected the row, and again on each of 2 more attempts (error-policy retry)");
            assertThat(sink.getBean(MeterRegistry.class)
                            .get("sink.write.retries")
                            .functionCounter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(rows(keyspace))
                    .extracting(r -> r.getString("name"), r -> r.getInt("v"))
                    .containsExactlyInAnyOrder(tuple("a", 1), tuple("b", 3));
        }
    }

    private static List<com.datastax.oss.driver.api.core.cql.Row> rows(String keyspace) {
        return cql().execute("SELECT name, v FROM " + keyspace + ".t").all();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
