package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.kcsink.config.SinkConfigurationException;
import io.kcsink.config.SinkProblem;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Routes that write with their own CQL: a list append applied record by record in order, an UPDATE of one column that
 * leaves the others alone, a conditional update that Cassandra applies only when its condition holds, a counter; and a
 * statement that Cassandra refuses, or whose marker can never be filled, stops start-up naming route and marker.
 */
@Testcontainers
class CustomCqlIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static String keyspace;

    @BeforeAll
    static void tables() {
        keyspace = unique("custom_cql");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".carts (id int PRIMARY KEY, items list<text>, owner text,"
                + " updated timestamp)");
        cql().execute("CREATE TABLE " + keyspace + ".profiles (id int PRIMARY KEY, name text, email text, city text)");
        cql().execute("CREATE TABLE " + keyspace + ".accounts (id int PRIMARY KEY, state text)");
        cql().execute("CREATE TABLE " + keyspace + ".visits (page text PRIMARY KEY, hits counter)");
    }

    @Test
    void writesEachRecordWithTheRoutesOwnStatement() {
        String carts = unique("carts").replace('_', '-');
        String profiles = unique("profiles").replace('_', '-');
        String accounts = unique("accounts").replace('_', '-');
        String visits = unique("visits").replace('_', '-');
        for (String topic : List.of(carts, profiles, accounts, visits)) {
            createTopic(topic, 1);
        }
        cql().execute("INSERT INTO " + keyspace + ".carts (id, owner) VALUES (1, 'ann')");
        cql().execute("INSERT INTO " + keyspace
                + ".profiles (id, name, email, city) VALUES (1, 'Ann', 'old@x', 'Oslo')");
        cql().execute("INSERT INTO " + keyspace + ".accounts (id, state) VALUES (1, 'open')");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(carts, "{\"id\": 1, \"added\": [\"item-" + i + "\"]}"));
        }
        records.add(record(carts, "{\"added\": [\"no-cart\"]}"));
        records.add(record(profiles, "{\"id\": 1, \"email\": \"new@x\", \"name\": \"not written\"}"));
        records.add(record(accounts, "{\"id\": 1, \"state\": \"closed\", \"expected\": \"open\"}"));
        records.add(record(accounts, "{\"id\": 1, \"state\": \"reopened\", \"expected\": \"open\"}"));
        records.add(record(visits, "{\"page\": \"home\", \"n\": 2}"));
        records.add(record(visits, "{\"page\": \"home\", \"n\": 3}"));
        records.add(record(visits, "{\"page\": \"about\", \"n\": 1}"));
        produce(records);

        Map<String, String> properties = new HashMap<>();
        route(
                properties,
                0,
                "carts",
                carts,
                "carts",
                "UPDATE " + keyspace + ".carts SET items = items + :items," + " updated = :updated WHERE id = :id");
        properties.put("sink.routes[0].bind.items", "added");
        properties.put("sink.routes[0].bind.updated", "_timestamp");
        route(
                properties,
                1,
                "profiles",
                profiles,
                "profiles",
                "UPDATE " + keyspace + ".profiles SET email = :email" + " WHERE id = :id");
        route(
                properties,
                2,
                "accounts",
                accounts,
                "accounts",
                "UPDATE " + keyspace + ".accounts SET state = :state" + " WHERE id = :id IF state = :expected");
        route(
                properties,
                3,
                "visits",
                visits,
                "visits",
                "UPDATE " + keyspace + ".visits SET hits = hits + :n" + " WHERE page = :page");
        try (ConfigurableApplicationContext sink = startSink(properties)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Row cart = one("SELECT items, owner, updated FROM " + keyspace + ".carts WHERE id = 1");
                assertThat(cart.getList("items", String.class))
                        .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4");
                assertThat(cart.getString("owner")).isEqualTo("ann");
                assertThat(cart.getInstant("updated")).isNotNull();

                Row profile = one("SELECT name, email, city FROM " + keyspace + ".profiles WHERE id = 1");
                assertThat(profile.getString("email")).isEqualTo("new@x");
                assertThat(profile.getString("name")).isEqualTo("Ann");
                assertThat(profile.getString("city")).isEqualTo("Oslo");

                assertThat(one("SELECT hits FROM " + keyspace + ".visits WHERE page = 'home'")
                                .getLong("hits"))
                        .isEqualTo(5L);
                assertThat(one("SELECT hits FROM " + keyspace + ".visits WHERE page = 'about'")
                                .getLong("hits"))
                        .isEqualTo(1L);
            });
            // The second update's condition (state = 'open') no longer held when it was written, after the first.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(one("SELECT state FROM " + keyspace + ".accounts WHERE id = 1")
                                    .getString("state"))
                            .isEqualTo("closed"));
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(carts + ".DLT", 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            assertThat(header(parked.get(0), DeadLetterPublisher.STAGE)).isEqualTo("map");
            assertThat(header(parked.get(0), "kafka_dlt-exception-message"))
                    .contains("marker :id has no value: the path is missing from the record");
            assertThat(readAll(accounts + ".DLT", 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void aStatementCassandraRefusesOrAMarkerThatCanNeverBeFilledStopsStartUp() {
        Map<String, String> properties = new HashMap<>();
        route(
                properties,
                0,
                "unknown-column",
                "carts",
                "carts",
                "UPDATE " + keyspace + ".carts SET colour = :colour" + " WHERE id = :id");
        route(
                properties,
                1,
                "never-converts",
                "carts",
                "carts",
                "UPDATE " + keyspace + ".carts SET owner = :owner" + " WHERE id = :id");
        properties.put("sink.routes[1].bind.id", "'first'");
        route(properties, 2, "other-table", "carts", "carts", "DELETE FROM " + keyspace + ".visits WHERE page = :page");

        Throwable failure = catchThrowable(() -> startSink(properties));

        SinkConfigurationException problems = configurationFailure(failure);
        assertThat(problems.problems()).hasSize(3);
        assertThat(problems.problems()).anySatisfy(problem -> {
            assertThat(problem.origin()).isEqualTo("sink.routes[0].cql");
            assertThat(problem.route()).isEqualTo("unknown-column");
            assertThat(problem.message())
                    .startsWith("Cassandra refuses to prepare the route's cql: ")
                    .contains("colour");
        });
        assertThat(problems.problems())
                .map(SinkProblem::toString)
                .contains("sink.routes[2].cql (route 'other-table'): the route's cql writes " + keyspace
                        + ".visits, not the" + " route's table " + keyspace + ".carts");
        assertThat(problems.problems()).anySatisfy(problem -> {
            assertThat(problem.origin()).isEqualTo("sink.routes[1].bind.id");
            assertThat(problem.route()).isEqualTo("never-converts");
            assertThat(problem.column()).isEqualTo("id");
            assertThat(problem.message()).startsWith("marker :id: can never convert to int");
        });
    }

    private static void route(
            Map<String, String> properties, int index, String name, String topic, String table, String statement) {
        String route = "sink.routes[" + index + "].";
        properties.put(route + "name", name);
        properties.put(route + "topic", topic);
        properties.put(route + "table", keyspace + "." + table);
        properties.put(route + "cql", statement);
    }

    private static Row one(String query) {
        Row row = cql().execute(query).one();
        assertThat(row).as(query).isNotNull();
        return row;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static SinkConfigurationException configurationFailure(Throwable failure) {
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SinkConfigurationException found) {
                return found;
            }
        }
        throw new AssertionError("start-up failed, but not with a SinkConfigurationException", failure);
    }
}
