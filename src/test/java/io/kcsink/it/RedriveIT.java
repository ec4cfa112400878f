package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kcsink.SinkApplication;
import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import io.kcsink.redrive.RedriveCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * Re-driving a dead-letter topic once its cause is fixed: records parked because their column was dropped are written
 * once it is back, a record that still fails is parked again in the same topic, the re-drive group ends at the end
 * offsets read at the start, and the command line mode re-drives only what is left and selected.
 */
@Testcontainers
class RedriveIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void redrivesWhatNowSucceedsAndParksWhatStillFailsInTheSameTopic() throws Exception {
        String keyspace = unique("redrive");
        String topic = unique("redrive-orders").replace('_', '-');
        String deadLetters = topic + ".DLT";
        String group = unique("sink");
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text, qty int)");
        createTopic(topic, 1);
        createTopic(deadLetters, 1);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("sink.routes[0].name", "orders");
        properties.put(
                "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".orders SELECT id, product, qty FROM " + topic);

        Map<String, String> withEndpoint = new HashMap<>(properties);
        withEndpoint.put("management.endpoint.sink.access", "unrestricted");
        try (ConfigurableApplicationContext sink = startSink(withEndpoint)) {
            Http http = new Http(managementPort(sink));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.json("/actuator/sink/orders")
                                    .get("assignedPartitions")
                                    .size()
                            == 1);
            // The cause: a column the route writes is missing (dropped after the route was checked at start-up).
            cql().execute("ALTER TABLE " + keyspace + ".orders DROP qty");
            produce(List.of(
                    order(topic, "{\"id\": 1, \"product\": \"a\", \"qty\": 10}"),
                    order(topic, "{\"id\": 2, \"product\": \"b\", \"qty\": 20}"),
                    order(topic, "{\"id\": 3, \"product\": \"c\", \"qty\": \"many\"}")));
            List<ConsumerRecord<byte[], byte[]>> parked = readAll(deadLetters, 3, Duration.ofSeconds(60));
            assertThat(parked)
                    .extracting(r -> header(r, DeadLetterPublisher.STAGE))
                    .containsExactlyInAnyOrder("write", "write", "map");

            // The cause fixed; the re-drive reads up to the end offsets of now.
            cql().execute("ALTER TABLE " + keyspace + ".orders ADD qty int");
            Map<TopicPartition, Long> endsAtStart = endOffsets(deadLetters);
            HttpResponse<String> response = http.post("/actuator/sink/redrive", "{\"topic\": \"" + deadLetters + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode counts = Http.json(response);
            assertThat(counts.get("group").asString()).isEqualTo(group + "-redrive");
            assertThat(List.of(
                            counts.get("read").asLong(),
                            counts.get("selected").asLong(),
                            counts.get("written").asLong(),
                            counts.get("parkedAgain").asLong(),
                            counts.get("skipped").asLong(),
                            counts.get("unusable").asLong()))
                    .containsExactly(3L, 3L, 2L, 1L, 0L, 0L);
            assertThat(cql().execute("SELECT id, product, qty FROM " + keyspace + ".orders")
                            .all())
                    .extracting(r -> r.getInt("id"), r -> r.getString("product"), r -> r.getInt("qty"))
                    .containsExactlyInAnyOrder(tuple(1, "a", 10), tuple(2, "b", 20));
            assertThat(committed(group + "-redrive")).isEqualTo(endsAtStart);

            // The record that still fails is back in the same topic, once, saying why and how often it was re-driven.
            List<ConsumerRecord<byte[], byte[]>> all = readAll(deadLetters, 4, Duration.ofSeconds(30));
            assertThat(all).hasSize(4);
            ConsumerRecord<byte[], byte[]> again = all.stream()
                    .filter(r -> r.headers().lastHeader("sink-redrive-attempts") != null)
                    .findFirst()
                    .orElseThrow();
            assertThat(header(again, "sink-redrive-attempts")).isEqualTo("1");
            assertThat(header(again, DeadLetterPublisher.STAGE)).isEqualTo("map");
            assertThat(header(again, DeadLetterPublisher.ROUTE)).isEqualTo("orders");
            assertThat(header(again, "kafka_dlt-original-topic")).isEqualTo(topic);
            assertThat(ByteBuffer.wrap(again.headers()
                                    .lastHeader("kafka_dlt-original-offset")
                                    .value())
                            .getLong())
                    .isEqualTo(2L);
            assertThat(new String(again.value(), StandardCharsets.UTF_8)).contains("\"many\"");
            assertThat(topics()).doesNotContain(deadLetters + ".DLT");

            assertThat(http.get("/actuator/prometheus").body())
                    .containsPattern("sink_redrive_records_total\\{outcome=\"written\",topic=\"" + deadLetters
                            + "\"[^}]*} 2\\.0");
        }

        // The command line mode, with the listener off: only the record parked again is left, and the selection
        // (stage write) leaves it alone.
        List<String> args = new ArrayList<>();
        infra().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--sink.redrive.topic=" + deadLetters);
        args.add("--sink.redrive.stage=write");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = RedriveCommand.run(
                SinkApplication.class,
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("sink.redrive: " + deadLetters + " group=" + group + "-redrive")
                .contains("read=1 selected=0 written=0 parked_again=0 skipped=1 unusable=0");
        assertThat(committed(group + "-redrive")).isEqualTo(endOffsets(deadLetters));
        assertThat(readAll(deadLetters, 5, Duration.ofSeconds(3))).hasSize(4);

        // The selection's stage write left the record, and the group has read past it; another group reads the
        // topic from its start: both map failures fail again and are parked once more, exit code 2.
        args.remove("--sink.redrive.stage=write");
        args.add("--sink.redrive.stage=map");
        args.add("--sink.redrive.group=" + group + "-again");
        out.reset();

        int again = RedriveCommand.run(
                SinkApplication.class,
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(again).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("group=" + group + "-again read=4 selected=2 written=0 parked_again=2 skipped=2 unusable=0");
        List<ConsumerRecord<byte[], byte[]>> last = readAll(deadLetters, 6, Duration.ofSeconds(30));
        assertThat(last).hasSize(6);
        assertThat(last.subList(4, 6))
                .extracting(r -> header(r, "sink-redrive-attempts"))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(topics()).doesNotContain(deadLetters + ".DLT");
    }

    private static ProducerRecord<byte[], byte[]> order(String topic, String json) {
        return new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()));
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            committed.forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    private static java.util.Set<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get();
        }
    }
}
