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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** With two routes on one topic, a record that fails in one of them goes to that route's dead-letter topic. */
class DeadLetterRoutingIT {

    @Test
    void parksARecordInTheDeadLetterTopicOfTheRouteItFailedIn() {
        String keyspace = unique("dlt_routing");
        String topic = unique("dlt-routing").replace('_', '-');
        String strictDlt = topic + "-strict-dlt";
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".lenient (id int PRIMARY KEY, name text)");
        cql().execute("CREATE TABLE " + keyspace + ".strict (id int PRIMARY KEY, qty int)");
        createTopic(topic, 1);
        produce(List.of(new ProducerRecord<>(
                topic, null, "{\"id\": 1, \"name\": \"not a number\"}".getBytes(StandardCharsets.UTF_8))));

        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.routes[0].name",
                "lenient",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".lenient SELECT id, name FROM " + topic,
                "sink.routes[1].name",
                "strict",
                "sink.routes[1].kcql",
                "INSERT INTO " + keyspace + ".strict SELECT id, name AS qty FROM " + topic
                        + " PROPERTIES('dead-letter-topic'='" + strictDlt + "')"))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cql().execute("SELECT name FROM " + keyspace + ".lenient WHERE id = 1")
                                    .one(),
                            r -> r != null);

            List<ConsumerRecord<byte[], byte[]>> parked = readAll(strictDlt, 1, Duration.ofSeconds(30));
            assertThat(parked).hasSize(1);
            var route = parked.get(0).headers().lastHeader(DeadLetterPublisher.ROUTE);
            assertThat(new String(route.value(), StandardCharsets.UTF_8)).isEqualTo("strict");
            assertThat(readAll(topic + ".DLT", 1, Duration.ofSeconds(3))).isEmpty();
        }
    }
}
