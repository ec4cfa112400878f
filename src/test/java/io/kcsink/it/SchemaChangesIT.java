package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The optional schema changes at start-up: off by default, a missing table fails; on, tables and columns appear. */
@Testcontainers
class SchemaChangesIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final String ORDER =
            "{\"id\": 1, \"created\": \"2016-05-06 13:53:00\", \"product\": \"OP-DAX\", " + "\"qty\": 3}";

    @Test
    void failsOnAMissingTableNamingTheRouteAndTheTableWhenCreationIsOff() {
        String keyspace = keyspace();
        assertThatThrownBy(() -> startSink(routeProperties(keyspace, unique("topic"))))
                .hasStackTraceContaining(
                        "sink.routes[0].table (route 'orders'): table " + keyspace + ".orders does not exist");
    }

    @Test
    void createsTheMissingTableFromTheRoutesDeclaredKeyAndTypes() {
        String keyspace = keyspace();
        String topic = unique("auto-create").replace('_', '-');
        createTopic(topic, 1);
        produce(List.of(record(topic)));
        Map<String, String> properties = new java.util.HashMap<>(routeProperties(keyspace, topic));
        properties.put("sink.schema.create-missing-tables", "true");

        try (ConfigurableApplicationContext sink = startSink(properties)) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    cql().execute("SELECT id, created, product, qty FROM " + keyspace + ".orders")
                                            .all())
                            .singleElement()
                            .satisfies(row -> {
                                assertThat(row.getInt("id")).isEqualTo(1);
                                assertThat(row.getString("product")).isEqualTo("OP-DAX");
                                assertThat(row.getInt("qty")).isEqualTo(3);
                            }));
        }
    }

    @Test
    void addsAColumnTheRouteMapsThatTheTableLacks() {
        String keyspace = keyspace();
        String topic = unique("add-column").replace('_', '-');
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int, created text, product text, "
                + "PRIMARY KEY (id, created))");
        createTopic(topic, 1);
        produce(List.of(record(topic)));
        Map<String, String> properties = new java.util.HashMap<>(routeProperties(keyspace, topic));
        properties.put("sink.schema.add-missing-columns", "true");

        try (ConfigurableApplicationContext sink = startSink(properties)) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    cql().execute("SELECT qty FROM " + keyspace + ".orders WHERE id = 1")
                                            .one())
                            .isNotNull()
                            .satisfies(row -> assertThat(row.getInt("qty")).isEqualTo(3)));
        }
    }

    private static Map<String, String> routeProperties(String keyspace, String topic) {
        return Map.of(
                "sink.routes[0].name", "orders",
                "sink.routes[0].topic", topic,
                "sink.routes[0].table", keyspace + ".orders",
                "sink.routes[0].columns.id", "id",
                "sink.routes[0].columns.created", "created",
                "sink.routes[0].columns.product", "product",
                "sink.routes[0].columns.qty", "qty",
                "sink.routes[0].properties.primary-key", "(id), created",
                "sink.routes[0].properties.column-types", "id:int,created:text,product:text,qty:int");
    }

    private static String keyspace() {
        String keyspace = unique("schema");
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        return keyspace;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(
                topic, "1".getBytes(StandardCharsets.UTF_8), ORDER.getBytes(StandardCharsets.UTF_8));
    }
}
