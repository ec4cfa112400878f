package io.kcsink.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The shared local Kafka and Cassandra are real, usable with real clients, started by the Testcontainers extension,
 * kept running across test classes, and leave no process behind.
 */
@Testcontainers
@TestMethodOrder(OrderAnnotation.class)
class LocalInfrastructureIT {

    @Container
    static final LocalInfrastructure infrastructure = LocalInfrastructure.instance();

    @Test
    @Order(1)
    void brokerReturnsAProducedRecordToAConsumer() throws Exception {
        String topic = "local-infrastructure-" + UUID.randomUUID();

        produce(topic, "value");

        assertThat(consumeFromTheStart(topic)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("key");
            assertThat(record.value()).isEqualTo("value");
        });
    }

    @Test
    @Order(2)
    void cassandraWritesAndReadsARowAtLocalOne() {
        try (CqlSession session = session()) {
            createTable(session);
            session.execute(SimpleStatement.newInstance("INSERT INTO local_infra.probe (id, name) VALUES (1, 'one')")
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE));

            Row row = session.execute(SimpleStatement.newInstance("SELECT name FROM local_infra.probe WHERE id = 1")
                            .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE))
                    .one();

            assertThat(row).isNotNull();
            assertThat(row.getString("name")).isEqualTo("one");
        }
    }

    @Test
    @Order(3)
    void theExtensionStoppingItAfterATestClassLeavesItRunningForTheNextClass() throws Exception {
        assumeTrue(
                System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null && System.getenv("CASSANDRA_CONTACT_POINTS") == null,
                "external clusters have no local process");
        List<ProcessHandle> children = List.of(
                infrastructure.kafka().processHandle().orElseThrow(),
                infrastructure.cassandra().processHandle().orElseThrow());

        infrastructure.stop(); // what the Testcontainers extension does after each class with this @Container field
        infrastructure.start(); // and before the next one

        assertThat(children).allMatch(ProcessHandle::isAlive);
        assertThat(List.of(
                        infrastructure.kafka().processHandle().orElseThrow(),
                        infrastructure.cassandra().processHandle().orElseThrow()))
                .isEqualTo(children);
        String topic = "local-infrastructure-" + UUID.randomUUID();
        produce(topic, "after the extension's stop");
        assertThat(consumeFromTheStart(topic))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo("after the extension's stop"));
    }

    @Test
    @Order(4)
    void stopLeavesNoChildProcessAndStartKeepsPortsAndData() throws Exception {
        assumeTrue(
                System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null && System.getenv("CASSANDRA_CONTACT_POINTS") == null,
                "external clusters cannot be stopped");
        LocalKafka kafka = infrastructure.kafka();
        LocalCassandra cassandra = infrastructure.cassandra();
        List<ProcessHandle> children = List.of(
                kafka.processHandle().orElseThrow(), cassandra.processHandle().orElseThrow());
        try (CqlSession session = session()) {
            createTable(session);
            session.execute("INSERT INTO local_infra.probe (id, name) VALUES (3, 'before stop')");
        }
        String topic = "local-infrastructure-" + UUID.randomUUID();
        produce(topic, "before stop");

        CompletableFuture.allOf(
                        CompletableFuture.runAsync(kafka::stop, LocalInfrastructureIT::runOnNewThread),
                        CompletableFuture.runAsync(cassandra::stop, LocalInfrastructureIT::runOnNewThread))
                .join();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants())
                .as("descendants of the test JVM, watchdogs included")
                .noneMatch(p -> {
                    String command = p.info().commandLine().orElse("");
                    // The secured broker and node of the security tests are other processes of this JVM's run.
                    return command.contains(LocalRun.MARKER_PROPERTY)
                            && !command.contains(
                                    LocalRun.runDir().resolve("secured").toString());
                });
        assertThat(kafka.isRunning()).isFalse();
        assertThat(cassandra.isRunning()).isFalse();

        // Restart for the tests that follow in this JVM, and prove that data written before the stop survived it.
        CompletableFuture.allOf(
                        CompletableFuture.runAsync(kafka::start, LocalInfrastructureIT::runOnNewThread),
                        CompletableFuture.runAsync(cassandra::start, LocalInfrastructureIT::runOnNewThread))
                .join();
        try (CqlSession session = session()) {
            Row row = session.execute("SELECT name FROM local_infra.probe WHERE id = 3")
                    .one();
            assertThat(row).isNotNull();
            assertThat(row.getString("name")).isEqualTo("before stop");
        }
        assertThat(consumeFromTheStart(topic))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo("before stop"));
    }

    private static void produce(String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The records of partition 0, read until the first poll that returns some. */
    private static List<ConsumerRecord<String, String>> consumeFromTheStart(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            return received;
        }
    }

    private static void runOnNewThread(Runnable task) {
        new Thread(task).start();
    }

    private static CqlSession session() {
        String[] hostAndPort = infrastructure.cassandraContactPoint().split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])))
                .withLocalDatacenter(infrastructure.cassandraLocalDatacenter())
                // Schema changes on a busy 2-core machine take longer than the driver's default 2 s.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    private static void createTable(CqlSession session) {
        // Replication factor 3 on one node, as the sink's own keyspaces will declare it.
        session.execute("CREATE KEYSPACE IF NOT EXISTS local_infra"
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        session.execute("CREATE TABLE IF NOT EXISTS local_infra.probe (id int PRIMARY KEY, name text)");
    }
}
