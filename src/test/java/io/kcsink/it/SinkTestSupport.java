package io.kcsink.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.kcsink.SinkApplication;
import io.kcsink.local.LocalInfrastructure;
import io.kcsink.local.TestInfrastructure;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What integration tests share: the real local Kafka and Cassandra, independent clients to feed and check them (a
 * plain Kafka producer and consumer, a CQL session of its own), and a way to run the sink against them.
 */
public final class SinkTestSupport {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile CqlSession session;

    private SinkTestSupport() {}

    /**
     * The infrastructure of this JVM's integration tests, started: a test class's {@code @Container} field has started
     * it already, and a helper called without one starts it here.
     */
    public static TestInfrastructure infra() {
        TestInfrastructure infrastructure = TestInfrastructure.selected();
        infrastructure.start();
        return infrastructure;
    }

    /**
     * The local Kafka and Cassandra processes, for a test that stops and restarts them; the test is skipped when
     * {@code -Dsink.it.infrastructure} selects containers, whose restart would change their ports.
     */
    public static LocalInfrastructure localInfra() {
        TestInfrastructure infrastructure = infra();
        Assumptions.assumeTrue(
                infrastructure instanceof LocalInfrastructure,
                "stops and restarts the local Kafka or Cassandra process, so runs on the local infrastructure only");
        return (LocalInfrastructure) infrastructure;
    }

    /** A name no other test of this JVM or of an earlier run on the same infrastructure uses. */
    public static String unique(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
    }

    /** A CQL session of the tests' own, independent of the sink's, to set up and read back tables. */
    public static synchronized CqlSession cql() {
        if (session == null || session.isClosed()) {
            String[] hostPort = infra().cassandraContactPoint().split(":");
            session = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                    .withLocalDatacenter(infra().cassandraLocalDatacenter())
                    // Schema changes on a busy 2-core machine take longer than the driver's default 2 s.
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                            .withDuration(
                                    DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                            // Tests restart the node; reconnect within a second or two, not the default minute.
                            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
                            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
                            .build())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(session::close));
        }
        return session;
    }

    /** Waits until the tests' own session is connected again after a test restarted the node. */
    public static void awaitTestSessionReconnected() {
        org.awaitility.Awaitility.await("the tests' CQL session to reconnect")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> cql().execute("SELECT release_version FROM system.local")
                                .one()
                        != null);
    }

    public static void createTopic(String topic, int partitions) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (Exception ex) {
            throw new IllegalStateException("cannot create topic " + topic, ex);
        }
    }

    public static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the records and waits until the broker has acknowledged all of them. */
    public static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (Exception ex) {
            throw new IllegalStateException("cannot produce", ex);
        }
    }

    /** Reads every record of a topic from the beginning, waiting up to the timeout for at least {@code expected}. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, unique("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (all.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** The port of the sink's Actuator endpoints: the management port when it has one, else the server port. */
    public static int managementPort(ConfigurableApplicationContext sink) {
        String port = sink.getEnvironment().getProperty("local.management.port");
        if (port == null) {
            port = sink.getEnvironment().getProperty("local.server.port");
        }
        if (port == null) {
            throw new IllegalStateException("the sink serves no HTTP port");
        }
        return Integer.parseInt(port);
    }

    /** Creates a keyspace with replication factor 1, the local node's. */
    public static void createKeyspace(String keyspace) {
        cql().execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    /** Whether the consumer group has committed every partition of the topics up to their end offsets. */
    public static boolean caughtUp(String groupId, String... topics) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new HashMap<>();
            for (var description :
                    admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                for (var partition : description.partitions()) {
                    latest.put(
                            new org.apache.kafka.common.TopicPartition(description.name(), partition.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(latest).all().get();
            for (var end : ends.entrySet()) {
                var done = committed.get(end.getKey());
                long position = done == null ? 0 : done.offset();
                if (position < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        } catch (Exception ex) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId, ex);
        }
    }

    /** Starts the sink in this JVM against the local infrastructure, with the given extra properties. */
    public static ConfigurableApplicationContext startSink(Map<String, String> properties) {
        return startSink(infra().springProperties(), properties);
    }

    /**
     * Starts the sink in this JVM with the given connection properties (of a secured cluster, say) and extra
     * properties. Health details are shown, as to an authorized operator: the tests read them.
     */
    public static ConfigurableApplicationContext startSink(
            Map<String, String> connection, Map<String, String> properties) {
        return startSink(connection, properties, new Class<?>[0]);
    }

    /**
     * Starts the sink in this JVM against the local infrastructure, with the beans of the given plain classes (whose
     * {@code @Bean} methods add, say, a route's hook) beside the sink's own.
     */
    public static ConfigurableApplicationContext startSink(Map<String, String> properties, Class<?>... beans) {
        return startSink(infra().springProperties(), properties, beans);
    }

    private static ConfigurableApplicationContext startSink(
            Map<String, String> connection, Map<String, String> properties, Class<?>[] beans) {
        Map<String, Object> all = new HashMap<>(connection);
        all.put("spring.kafka.consumer.group-id", unique("sink"));
        all.put("sink.listener-id", unique("sink"));
        // A free port, so that sinks of parallel builds on one machine do not fight over 8080.
        all.put("server.port", "0");
        all.put("management.endpoint.health.show-details", "always");
        all.putAll(properties);
        // Command-line arguments outrank the service's own application.yml, as they do for a user.
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(SinkApplication.class)
                .sources(beans)
                .run(args);
    }
}
