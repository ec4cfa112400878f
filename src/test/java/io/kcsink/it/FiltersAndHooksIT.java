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

import com.datastax.oss.driver.api.core.cql.Row;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.local.TestInfrastructure;
import io.kcsink.mapping.RowCustomizer;
import io.kcsink.ops.SinkMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Routes with a filter and with hooks against the real Kafka and Cassandra: a filtered route writes only the matching
 * records, counts the others and parks none; a hook fans a record out into two rows and changes a value; a record whose
 * hook throws is parked in the dead-letter topic with the reason.
 */
@Testcontainers
class FiltersAndHooksIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    /** The hooks the routes name, as an application would declare them. */
    static class Hooks {

        @Bean
        RowCustomizer fanOut() {
            return (record, row) -> List.of(
                    row.with("product", String.valueOf(row.get("product")).toUpperCase(java.util.Locale.ROOT)),
                    row.with("id", 1000 + (Integer) row.primaryKey().get(0)));
        }

        @Bean
        RowCustomizer refuseBad() {
            return (record, row) -> {
                if ("bad".equals(row.get("product"))) {
                    throw new IllegalStateException("product 'bad' is not sold");
                }
                return List.of(row);
            };
        }
    }

    @Test
    void filtersRecordsAndRunsHooksBetweenMapAndWrite() {
        String keyspace = unique("filters");
        String filtered = unique("filtered").replace('_', '-');
        String fanned = unique("fanned").replace('_', '-');
        String refused = unique("refused").replace('_', '-');
        createKeyspace(keyspace);
        for (String table : List.of("active", "fanned", "refused")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, product text)");
        }
        for (String topic : List.of(filtered, fanned, refused)) {
            createTopic(topic, 1);
        }
        produce(List.of(
                json(filtered, "{\"id\": 1, \"product\": \"pen\", \"status\": \"active\"}", "eu"),
                json(filtered, "{\"id\": 2, \"product\": \"ink\", \"status\": \"closed\"}", "eu"),
                json(filtered, "{\"id\": 3, \"product\": \"cap\", \"status\": \"active\"}", "us"),
                json(filtered, "{\"id\": 4, \"product\": \"pad\", \"status\": \"active\"}", "eu"),
                json(fanned, "{\"id\": 5, \"product\": \"pen\"}", null),
                json(refused, "{\"id\": 6, \"product\": \"bad\"}", null),
                json(refused, "{\"id\": 7, \"product\": \"good\"}", null)));
        String group = unique("sink");
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("sink.routes[0].name", "active");
        properties.put("sink.routes[0].topic", filtered);
        properties.put("sink.routes[0].table", keyspace + ".active");
        properties.put("sink.routes[0].filter", "value['status'] == 'active' and headers['tenant'] == 'eu'");
        properties.put("sink.routes[1].name", "fanned");
        properties.put(
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".fanned SELECT id, product FROM " + fanned
                        + " PROPERTIES('hook'='fanOut')");
        properties.put("sink.routes[2].name", "refused");
        properties.put("sink.routes[2].topic", refused);
        properties.put("sink.routes[2].table", keyspace + ".refused");
        properties.put("sink.routes[2].columns.id", "id");
        properties.put("sink.routes[2].columns.product", "product");
        properties.put("sink.routes[2].hook", "refuseBad");

        try (ConfigurableApplicationContext sink = startSink(properties, Hooks.class)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> caughtUp(group, filtered, fanned, refused));

            assertThat(products(keyspace, "active")).isEqualTo(Map.of(1, "pen", 4, "pad"));
            SinkMetrics metrics = sink.getBean(SinkMetrics.class);
            assertThat(metrics.counts(route(sink, "active"))).isEqualTo(new SinkMetrics.Counts(4, 2, 0, 0, 2));
            assertThat(new Http(SinkTestSupport.managementPort(sink))
                            .json("/actuator/sink/active")
                            .path("counts")
                            .path("filtered")
                            .asLong())
                    .isEqualTo(2);
            assertThat(readAll(filtered + ".DLT", 1, Duration.ofSeconds(3))).isEmpty();

            assertThat(products(keyspace, "fanned")).isEqualTo(Map.of(5, "PEN", 1005, "pen"));

            assertThat(products(keyspace, "refused")).isEqualTo(Map.of(7, "good"));
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(refused + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).singleElement().satisfies(record -> {
                assertThat(header(record, DeadLetterPublisher.ROUTE)).isEqualTo("refused");
                assertThat(header(record, DeadLetterPublisher.STAGE)).isEqualTo("map");
                assertThat(header(record, "kafka_dlt-exception-message"))
                        .isEqualTo("hook 'refuseBad' failed: java.lang.IllegalStateException: product 'bad' is not"
                                + " sold");
            });
        }
    }

    private static SinkRoute route(ConfigurableApplicationContext sink, String name) {
        return sink.getBean(Routes.class).all().stream()
                .filter(route -> route.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Map<Integer, String> products(String keyspace, String table) {
        return cql().execute("SELECT id, product FROM " + keyspace + "." + table).all().stream()
                .collect(Collectors.toMap(row -> row.getInt("id"), (Row row) -> row.getString("product")));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "<none>" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> json(String topic, String value, String tenant) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8));
        if (tenant != null) {
            record.headers().add("tenant", tenant.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
