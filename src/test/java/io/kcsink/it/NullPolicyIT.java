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

/**
 * By default ({@code null-policy=unset}) an explicit null and a missing field leave the cell alone: no tombstone, the
 * old value and its write time stay. With {@code null-policy=write-null} an explicit null deletes the cell.
 */
@Testcontainers
class NullPolicyIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    static final String FULL = "{\"id\": 1, \"a\": \"a1\", \"b\": \"b1\", \"c\": \"c1\"}";
    static final String PARTIAL = "{\"id\": 1, \"a\": null, \"c\": \"c2\"}"; // a explicitly null, b missing

    @Test
    void unsetKeepsCellsAndTheirWriteTimeWhileWriteNullDeletesThem() {
        String keyspace = unique("nulls");
        String unsetTopic = unique("nulls-unset").replace('_', '-');
        String writeNullTopic = unique("nulls-write").replace('_', '-');
        createKeyspace(keyspace);
        for (String table : List.of("unset", "write_null")) {
            cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, a text, b text, c text)");
        }
        createTopic(unsetTopic, 1);
        createTopic(writeNullTopic, 1);
        produce(List.of(record(unsetTopic, FULL), record(writeNullTopic, FULL)));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".unset SELECT * FROM " + unsetTopic,
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".write_null SELECT * FROM " + writeNullTopic
                        + " PROPERTIES('null-policy'='write-null')"))) {
            Row unsetBefore =
                    await().atMost(Duration.ofSeconds(60)).until(() -> row(keyspace, "unset"), r -> r != null);
            Row writeNullBefore =
                    await().atMost(Duration.ofSeconds(60)).until(() -> row(keyspace, "write_null"), r -> r != null);

            produce(List.of(record(unsetTopic, PARTIAL), record(writeNullTopic, PARTIAL)));

            Row unset = await().atMost(Duration.ofSeconds(60))
                    .until(() -> row(keyspace, "unset"), r -> "c2".equals(r.getString("c")));
            assertThat(unset.getString("a")).isEqualTo("a1");
            assertThat(unset.getString("b")).isEqualTo("b1");
            // The untouched cells were not rewritten: no tombstone, no new write at all.
            assertThat(unset.getLong("wa")).isEqualTo(unsetBefore.getLong("wa"));
            assertThat(unset.getLong("wb")).isEqualTo(unsetBefore.getLong("wb"));
            assertThat(unset.getLong("wc")).isGreaterThan(unsetBefore.getLong("wc"));

            Row writeNull = await().atMost(Duration.ofSeconds(60))
                    .until(() -> row(keyspace, "write_null"), r -> "c2".equals(r.getString("c")));
            assertThat(writeNull.isNull("a")).isTrue();
            assertThat(writeNull.getString("b")).isEqualTo("b1"); // missing is never written
            assertThat(writeNull.getLong("wb")).isEqualTo(writeNullBefore.getLong("wb"));
        }
    }

    private static Row row(String keyspace, String table) {
        return cql().execute("SELECT a, b, c, WRITETIME(a) AS wa, WRITETIME(b) AS wb, WRITETIME(c) AS wc FROM "
                        + keyspace + "." + table + " WHERE id = 1")
                .one();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
