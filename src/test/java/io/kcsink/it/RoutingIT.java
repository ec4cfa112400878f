package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** One topic into two tables, two topics into one table, and the topics matching a pattern (structured form). */
@Testcontainers
class RoutingIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void routesTopicsToTablesByNameListAndPattern() {
        String keyspace = unique("routing");
        String prefix = unique("routing").replace('_', '-');
        String fanOut = prefix + "-fan-out";
        String left = prefix + "-left";
        String right = prefix + "-right";
        String matchedA = prefix + "-events-a";
        String matchedB = prefix + "-events-b";
        String notMatched = prefix + "-other";
        createKeyspace(keyspace);
        for (String table : List.of("copy_one", "copy_two", "merged", "events")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, name text, source text)");
        }
        for (String topic : List.of(fanOut, left, right, matchedA, matchedB, notMatched)) {
            createTopic(topic, 1);
        }
        produce(List.of(
                record(fanOut, "{\"id\": 1, \"name\": \"both\"}"),
                record(left, "{\"id\": 2, \"name\": \"from-left\"}"),
                record(right, "{\"id\": 3, \"name\": \"from-right\"}"),
                record(matchedA, "{\"id\": 4, \"name\": \"a\"}"),
                record(matchedB, "{\"id\": 5, \"name\": \"b\"}"),
                record(notMatched, "{\"id\": 6, \"name\": \"nobody reads this\"}")));

        try (ConfigurableApplicationContext sink = startSink(Map.ofEntries(
                Map.entry(
                        "sink.routes[0].kcql",
                        "INSERT INTO " + keyspace + ".copy_one SELECT id, name, _topic AS source FROM " + fanOut),
                Map.entry(
                        "sink.routes[1].kcql",
                        "INSERT INTO " + keyspace + ".copy_two SELECT id, name, 'second' AS source FROM " + fanOut),
                Map.entry(
                        "sink.routes[2].kcql",
                        "INSERT INTO " + keyspace + ".merged SELECT id, name, _topic AS source FROM " + left + ", "
                                + right),
                Map.entry("sink.routes[3].name", "events"),
                Map.entry("sink.routes[3].topic-pattern", java.util.regex.Pattern.quote(prefix + "-events-") + ".*"),
                Map.entry("sink.routes[3].table", keyspace + ".events"),
                Map.entry("sink.routes[3].columns.id", "id"),
                Map.entry("sink.routes[3].columns.name", "name"),
                Map.entry("sink.routes[3].columns.source", "_topic")))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(rows(keyspace, "copy_one")).containsExactly(tuple(1, "both", fanOut));
                assertThat(rows(keyspace, "copy_two")).containsExactly(tuple(1, "both", "second"));
                assertThat(rows(keyspace, "merged"))
                        .containsExactlyInAnyOrder(tuple(2, "from-left", left), tuple(3, "from-right", right));
                assertThat(rows(keyspace, "events"))
                        .containsExactlyInAnyOrder(tuple(4, "a", matchedA), tuple(5, "b", matchedB));
            });
        }
    }

    private static List<Tuple> rows(String keyspace, String table) {
        return cql().execute("SELECT id, name, source FROM " + keyspace + "." + table).all().stream()
                .map(r -> tuple(r.getInt("id"), r.getString("name"), r.getString("source")))
                .toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
