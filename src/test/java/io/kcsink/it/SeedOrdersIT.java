package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
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

/** The seed example end to end: JSON orders on a real Kafka topic become rows of a real Cassandra table. */
@Testcontainers
class SeedOrdersIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final List<String> SEED_ORDERS = List.of(
            "{\"id\": 1, \"created\": \"2016-05-06 13:53:00\", \"product\": \"OP-DAX-P-20150201-95.7\", \"price\": 94.2}",
            "{\"id\": 2, \"created\": \"2016-05-06 13:54:00\", \"product\": \"OP-DAX-C-20150201-100\", \"price\": 99.5}",
            "{\"id\": 3, \"created\": \"2016-05-06 13:55:00\", \"product\": \"FU-DATAMEX-20150201-100\", \"price\": 10000}",
            "{\"id\": 4, \"created\": \"2016-05-06 13:56:00\", \"product\": \"FU-KOSPI-C-20150201-100\", \"price\": 150}");

    /** The seed's own sample with typographic quotes: not JSON. */
    static final String TYPOGRAPHIC_QUOTES =
            "{\"id\": 5, \"created\": \"2016-05-06 13:57:00\", \"product\": \"OP-DAX-P\", \"price\": “mention price”}";

    @Test
    void writesTheSeedOrdersAndParksTheRecordThatIsNotJson() {
        String keyspace = unique("demo");
        String topic = unique("orders-topic").replace('_', '-');
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int, created varchar, product varchar, qty int, "
                + "price float, PRIMARY KEY (id, created))");
        createTopic(topic, 3);

        // The bad record sits between good ones in the same partition: it must not block the ones after it.
        produce(List.of(
                record(topic, SEED_ORDERS.get(0)),
                record(topic, SEED_ORDERS.get(1)),
                record(topic, TYPOGRAPHIC_QUOTES),
                record(topic, SEED_ORDERS.get(2)),
                record(topic, SEED_ORDERS.get(3))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "orders",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic))) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(rows(keyspace)).hasSize(4));

            assertThat(rows(keyspace))
                    .extracting(
                            r -> r.getInt("id"),
                            r -> r.getString("created"),
                            r -> r.getString("product"),
                            r -> r.getFloat("price"),
                            r -> r.isNull("qty"))
                    .containsExactlyInAnyOrder(
                            tuple(1, "2016-05-06 13:53:00", "OP-DAX-P-20150201-95.7", 94.2f, true),
                            tuple(2, "2016-05-06 13:54:00", "OP-DAX-C-20150201-100", 99.5f, true),
                            tuple(3, "2016-05-06 13:55:00", "FU-DATAMEX-20150201-100", 10000f, true),
                            tuple(4, "2016-05-06 13:56:00", "FU-KOSPI-C-20150201-100", 150f, true));

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(topic + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            ConsumerRecord<byte[], byte[]> bad = parked.get(0);
            assertThat(new String(bad.value(), StandardCharsets.UTF_8)).isEqualTo(TYPOGRAPHIC_QUOTES);
            assertThat(header(bad, "kafka_dlt-original-topic")).isEqualTo(topic);
            assertThat(header(bad, "kafka_dlt-original-offset")).isNotNull();
            assertThat(header(bad, DeadLetterPublisher.STAGE)).isEqualTo("decode");
            assertThat(header(bad, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
            assertThat(header(bad, "kafka_dlt-exception-message")).contains("not valid JSON");
            assertThat(header(bad, "kafka_dlt-exception-stacktrace")).isNull(); // sink.dead-letter.stack-trace: false
        }
    }

    private static List<Row> rows(String keyspace) {
        return cql().execute("SELECT id, created, product, qty, price FROM " + keyspace + ".orders")
                .all();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        // Keyed by order id, as a producer of orders would: one order's updates stay in order in one partition.
        String id = json.replaceAll("^\\{\"id\": (\\d+).*", "$1");
        return new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
