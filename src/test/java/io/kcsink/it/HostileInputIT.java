package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.readAll;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.errors.DeadLetterPublisher;
import io.kcsink.local.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Hostile and broken records mixed with good ones in one partition: every good record lands, every bad one is parked in
 * the dead-letter topic with the stage that rejected it, and the listener keeps running.
 */
@Testcontainers
class HostileInputIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final int MIB = 1024 * 1024;

    @Test
    void parksEveryHostileRecordAndWritesEveryGoodOne() throws Exception {
        String keyspace = unique("hostile");
        String topic = unique("hostile-topic").replace('_', '-');
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int, created varchar, product varchar, qty int, "
                + "price float, PRIMARY KEY (id, created))");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            // Big enough for the 50 MB record; its dead-letter topic keeps the broker default of about 1 MiB.
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                            .configs(Map.of("max.message.bytes", Integer.toString(64 * MIB)))))
                    .all()
                    .get();
        }

        Map<String, String> expectedStage = new HashMap<>(); // record name → stage of its dead-letter header
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(json(topic, "good-1", order(1, "first")));
        records.add(
                bad(topic, "typographic-quotes", "{\"id\": 2, \"price\": “mention price”}", "decode", expectedStage));
        records.add(raw(
                topic,
                "invalid-utf8",
                new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
                "decode",
                expectedStage));
        records.add(bad(topic, "nested-10000", "[".repeat(10_000) + "]".repeat(10_000), "decode", expectedStage));
        records.add(bad(
                topic,
                "string-50mb",
                "{\"id\": 3, \"product\": \"" + "x".repeat(50 * MIB) + "\"}",
                "decode",
                expectedStage));
        records.add(bad(
                topic,
                "missing-primary-key",
                "{\"created\": \"2016-05-06 13:53:00\", \"price\": 1.5}",
                "map",
                expectedStage));
        records.add(bad(
                topic, "wrong-type", "{\"id\": \"four\", \"created\": \"2016-05-06 13:53:00\"}", "map", expectedStage));
        records.add(bad(
                topic, "lossy-number", "{\"id\": 3.7, \"created\": \"2016-05-06 13:53:00\"}", "map", expectedStage));
        records.add(raw(topic, "null-value", null, "map", expectedStage));
        records.add(bad(
                topic,
                "over-1mib-invalid",
                "{\"id\": 5, \"product\": \"" + "y".repeat(2 * MIB) + "\",}",
                "decode",
                expectedStage));
        records.add(json(topic, "good-over-1mib", order(6, "z".repeat(MIB + 100))));
        ProducerRecord<byte[], byte[]> garbageHeaders = json(topic, "good-garbage-headers", order(7, "headers"));
        garbageHeaders.headers().add(new RecordHeader("\u0000\uFFFF", new byte[] {(byte) 0xFF, 0, (byte) 0xFE}));
        garbageHeaders.headers().add(new RecordHeader("empty", (byte[]) null));
        records.add(garbageHeaders);
        records.add(json(topic, "good-8", order(8, "last")));
        produceLarge(records);

        String listenerId = unique("hostile-listener");
        try (ConfigurableApplicationContext sink = startSink(Map.of(
                "sink.listener-id",
                listenerId,
                "sink.routes[0].name",
                "hostile",
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic))) {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(ids(keyspace)).containsExactlyInAnyOrder(1, 6, 7, 8));
            assertThat(cql().execute("SELECT product FROM " + keyspace + ".orders WHERE id = 6")
                            .one()
                            .getString(0))
                    .hasSize(MIB + 100);

            List<ConsumerRecord<byte[], byte[]>> parked =
                    readAll(topic + ".DLT", expectedStage.size(), Duration.ofSeconds(60));
            Map<String, String> parkedStage = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : parked) {
                parkedStage.put(header(record, "test-name"), header(record, DeadLetterPublisher.STAGE));
            }
            assertThat(parkedStage).isEqualTo(expectedStage);
            assertThat(parked).as("each bad record parked once").hasSize(expectedStage.size());
            ConsumerRecord<byte[], byte[]> huge = parked.stream()
                    .filter(r -> "string-50mb".equals(header(r, "test-name")))
                    .findFirst()
                    .orElseThrow();
            assertThat(huge.value()).isNull();
            assertThat(header(huge, DeadLetterPublisher.VALUE_OMITTED)).isNotNull();

            assertThat(sink.getBean(KafkaListenerEndpointRegistry.class)
                            .getListenerContainer(listenerId)
                            .isRunning())
                    .isTrue();
        }
    }

    private static String order(int id, String product) {
        return "{\"id\": " + id + ", \"created\": \"2016-05-06 13:53:00\", \"product\": \"" + product
                + "\", \"price\": 94.2}";
    }

    private static ProducerRecord<byte[], byte[]> json(String topic, String name, String json) {
        return raw(topic, name, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<byte[], byte[]> bad(
            String topic, String name, String json, String stage, Map<String, String> expected) {
        expected.put(name, stage);
        return json(topic, name, json);
    }

    private static ProducerRecord<byte[], byte[]> raw(
            String topic, String name, byte[] value, String stage, Map<String, String> expected) {
        expected.put(name, stage);
        return raw(topic, name, value);
    }

    private static ProducerRecord<byte[], byte[]> raw(String topic, String name, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, value);
        record.headers().add("test-name", name.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void produceLarge(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * MIB);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * MIB);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    private static List<Integer> ids(String keyspace) {
        return cql().execute("SELECT id FROM " + keyspace + ".orders").all().stream()
                .map(r -> r.getInt(0))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
