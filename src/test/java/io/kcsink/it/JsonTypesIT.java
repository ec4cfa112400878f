package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.kcsink.local.TestInfrastructure;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Schemaless JSON into most CQL types, nested paths, the record's key, metadata and headers, constants, `now()` as
 * Lenses writes it, uuid_of(...) and an object into a text column as its JSON text.
 */
@Testcontainers
class JsonTypesIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final String VALUE = """
            {"id": 7, "big": 9007199254740993, "name": "Zoë", "active": true, "amount": 12345.6789,
             "ratio": 0.25, "at": "2016-05-06T13:53:00.123Z", "day": "2016-05-06",
             "ref": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "tags": ["a", "b", "a"], "counts": {"x": 1, "y": 2},
             "addr": {"street": "Main St", "zip": 12345},
             "customer": {"address": {"city": "Lyon"}}}
            """;

    @Test
    void writesEveryTypeWithExactValues() {
        String keyspace = unique("json_types");
        String topic = unique("json-types").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TYPE " + keyspace + ".address (street text, zip int)");
        cql().execute("CREATE TABLE " + keyspace + ".everything (id int PRIMARY KEY, big bigint, name text,"
                + " active boolean, amount decimal, ratio double, at timestamp, day date, ref uuid, tags list<text>,"
                + " counts map<text, int>, addr frozen<address>, city text, order_key text, topic text,"
                + " off bigint, part int, produced timestamp, app text, source text, seen timeuuid, addr_json text,"
                + " rid uuid)");
        createTopic(topic, 1);
        Instant before = Instant.now();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                0,
                1_462_542_780_456L,
                "order-7".getBytes(StandardCharsets.UTF_8),
                VALUE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("app", "checkout".getBytes(StandardCharsets.UTF_8));
        produce(List.of(record));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "types",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".everything SELECT id, big, name, active, amount, ratio, at, day, ref,"
                        + " tags, counts, addr, customer.address.city AS city, _key AS order_key, _topic AS topic,"
                        + " _offset AS off, _partition AS part, _timestamp AS produced, _header.app AS app,"
                        + " 'web' AS source, `now()` AS seen, addr AS addr_json,"
                        + " uuid_of(_topic, _partition, _offset) AS rid FROM " + topic
                        + " PROPERTIES('text-json.addr_json'='true')"))) {
            Row row = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cql().execute("SELECT * FROM " + keyspace + ".everything WHERE id = 7")
                                    .one(),
                            r -> r != null);

            assertThat(row.getLong("big")).isEqualTo(9007199254740993L);
            assertThat(row.getString("name")).isEqualTo("Zoë");
            assertThat(row.getBoolean("active")).isTrue();
            assertThat(row.getBigDecimal("amount")).isEqualTo(new BigDecimal("12345.6789"));
            assertThat(row.getDouble("ratio")).isEqualTo(0.25);
            assertThat(row.getInstant("at")).isEqualTo(Instant.parse("2016-05-06T13:53:00.123Z"));
            assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.of(2016, 5, 6));
            assertThat(row.getUuid("ref")).isEqualTo(UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
            assertThat(row.getList("tags", String.class)).containsExactly("a", "b", "a");
            assertThat(row.getMap("counts", String.class, Integer.class)).isEqualTo(Map.of("x", 1, "y", 2));
            UdtValue address = row.getUdtValue("addr");
            assertThat(address.getString("street")).isEqualTo("Main St");
            assertThat(address.getInt("zip")).isEqualTo(12345);
            assertThat(row.getString("city")).isEqualTo("Lyon");
            assertThat(row.getString("order_key")).isEqualTo("order-7");
            assertThat(row.getString("topic")).isEqualTo(topic);
            assertThat(row.getLong("off")).isZero();
            assertThat(row.getInt("part")).isZero();
            assertThat(row.getInstant("produced")).isEqualTo(Instant.ofEpochMilli(1_462_542_780_456L));
            assertThat(row.getString("app")).isEqualTo("checkout");
            assertThat(row.getString("source")).isEqualTo("web");
            UUID seen = row.getUuid("seen");
            assertThat(seen.version()).isEqualTo(1);
            assertThat(Instant.ofEpochMilli(Uuids.unixTimestamp(seen)))
                    .isBetween(before.minusSeconds(1), Instant.now());
            assertThat(row.getString("addr_json")).isEqualTo("{\"street\":\"Main St\",\"zip\":12345}");
            assertThat(row.getUuid("rid"))
                    .isEqualTo(Uuids.nameBased(Uuids.NAMESPACE_URL, "[\"" + topic + "\",0,0]", 5));
        }
    }
}
