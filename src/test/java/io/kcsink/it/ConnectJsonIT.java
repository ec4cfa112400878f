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
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** JSON in Kafka Connect's envelope ({@code value-format=json-schema}): logical types and bytes are restored. */
@Testcontainers
class ConnectJsonIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    // Decimal 12.34 (scale 2, unscaled 1234 = 0x04D2), Date 16927 days = 2016-05-06, Timestamp in millis, bytes "hi".
    static final String ENVELOPE = """
            {"schema": {"type": "struct", "name": "order", "optional": false, "fields": [
               {"field": "id", "type": "int32", "optional": false},
               {"field": "product", "type": "string", "optional": true},
               {"field": "amount", "type": "bytes", "optional": true, "name": "org.apache.kafka.connect.data.Decimal",
                "version": 1, "parameters": {"scale": "2"}},
               {"field": "day", "type": "int32", "optional": true, "name": "org.apache.kafka.connect.data.Date"},
               {"field": "at", "type": "int64", "optional": true, "name": "org.apache.kafka.connect.data.Timestamp"},
               {"field": "data", "type": "bytes", "optional": true}]},
             "payload": {"id": 1, "product": "OP-DAX-P", "amount": "BNI=", "day": 16927, "at": 1462542780123,
                         "data": "aGk="}}
            """;

    @Test
    void restoresConnectLogicalTypesFromTheEnvelope() {
        String keyspace = unique("connect_json");
        String topic = unique("connect-json").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text, amount decimal,"
                + " day date, at timestamp, data blob)");
        createTopic(topic, 1);
        produce(List.of(new ProducerRecord<>(topic, null, ENVELOPE.getBytes(StandardCharsets.UTF_8))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic
                        + " PROPERTIES('value-format'='json-schema')"))) {
            Row row = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cql().execute("SELECT * FROM " + keyspace + ".orders WHERE id = 1")
                                    .one(),
                            r -> r != null);

            assertThat(row.getString("product")).isEqualTo("OP-DAX-P");
            assertThat(row.getBigDecimal("amount")).isEqualTo(new BigDecimal("12.34"));
            assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.of(2016, 5, 6));
            assertThat(row.getInstant("at")).isEqualTo(Instant.ofEpochMilli(1462542780123L));
            assertThat(row.getByteBuffer("data")).isEqualTo(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
