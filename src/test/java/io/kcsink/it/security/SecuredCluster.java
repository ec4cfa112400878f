package io.kcsink.it.security;

import static io.kcsink.it.SinkTestSupport.unique;

import com.datastax.oss.driver.api.core.CqlSession;
import io.kcsink.local.SecuredInfrastructure;
import io.kcsink.local.TestPki;
import io.kcsink.ops.AccessFailures;
import io.kcsink.ops.ConsumerLag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One stream of the security tests on the secured local servers: a topic and its dead-letter topic the sink principals
 * may use, a table in the keyspace the sink role may write, records fed and checked over the super-user listener, and
 * the connection properties of each way in (mTLS with a PEM or a PKCS#12 bundle, SASL_SSL with SCRAM, Cassandra over
 * TLS with a password).
 */
final class SecuredCluster {

    final SecuredInfrastructure infra = SecuredInfrastructure.shared();
    final String topic = unique(SecuredInfrastructure.PREFIX + "orders").replace('_', '-');
    final String deadLetterTopic = topic + ".DLT";
    final String table = unique("orders");
    final String group = unique(SecuredInfrastructure.PREFIX + "sink");

    SecuredCluster() {
        superuser()
                .execute("CREATE TABLE " + SecuredInfrastructure.KEYSPACE + "." + table
                        + " (id int PRIMARY KEY, item text)");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(deadLetterTopic, 1, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    /** The route and group of this stream; the connection properties come from the other methods. */
    Map<String, String> route() {
        Map<String, String> route = new LinkedHashMap<>();
        route.put("spring.kafka.consumer.group-id", group);
        route.put("sink.routes[0].name", "orders");
        route.put(
                "sink.routes[0].kcql",
                "INSERT INTO " + SecuredInfrastructure.KEYSPACE + "." + table + " SELECT id, item FROM " + topic);
        route.put("sink.ops.lag-interval", "300ms");
        route.put("sink.retry.initial-interval", "200ms");
        route.put("sink.retry.max-interval", "1s");
        route.put("spring.kafka.listener.auth-exception-retry-interval", "1s");
        return route;
    }

    /** Cassandra over TLS (trusting the test CA) with the sink role's password. */
    Map<String, String> cassandra(String password) {
        Map<String, String> cassandra = new LinkedHashMap<>();
        cassandra.put("spring.cassandra.contact-points", infra.cassandraContactPoint());
        cassandra.put("spring.cassandra.local-datacenter", infra.cassandraLocalDatacenter());
        cassandra.put(
                "spring.ssl.bundle.pem.cassandra.truststore.certificate",
                uri(infra.pki().caCertificate()));
        cassandra.put("spring.cassandra.ssl.enabled", "true");
        cassandra.put("spring.cassandra.ssl.bundle", "cassandra");
        cassandra.put("spring.cassandra.username", SecuredInfrastructure.CASSANDRA_ROLE);
        cassandra.put("spring.cassandra.password", password);
        return cassandra;
    }

    /** Kafka over mutual TLS with a PEM bundle: the client certificate and key, and the CA to trust. */
    Map<String, String> mutualTlsPem(String bootstrap, TestPki.Issued certificate, TestPki trusted) {
        Map<String, String> kafka = new LinkedHashMap<>(cassandra(infra.cassandraPassword()));
        kafka.put("spring.kafka.bootstrap-servers", bootstrap);
        kafka.put("spring.kafka.security.protocol", "SSL");
        kafka.put("spring.ssl.bundle.pem.kafka.keystore.certificate", uri(certificate.certificate()));
        kafka.put("spring.ssl.bundle.pem.kafka.keystore.private-key", uri(certificate.privateKey()));
        kafka.put("spring.ssl.bundle.pem.kafka.truststore.certificate", uri(trusted.caCertificate()));
        kafka.put("spring.kafka.ssl.bundle", "kafka");
        return kafka;
    }

    /** Kafka over mutual TLS with a PKCS#12 keystore and truststore bundle ({@code spring.ssl.bundle.jks}). */
    Map<String, String> mutualTlsKeystore(TestPki.Issued certificate) {
        Map<String, String> kafka = new LinkedHashMap<>(cassandra(infra.cassandraPassword()));
        kafka.put("spring.kafka.bootstrap-servers", infra.kafkaSsl());
        kafka.put("spring.kafka.security.protocol", "SSL");
        kafka.put("spring.ssl.bundle.jks.kafka.keystore.location", uri(certificate.keystore()));
        kafka.put("spring.ssl.bundle.jks.kafka.keystore.password", certificate.password());
        kafka.put("spring.ssl.bundle.jks.kafka.keystore.type", "PKCS12");
        kafka.put(
                "spring.ssl.bundle.jks.kafka.truststore.location",
                uri(infra.pki().truststore()));
        kafka.put("spring.ssl.bundle.jks.kafka.truststore.password", infra.pki().storePassword());
        kafka.put("spring.ssl.bundle.jks.kafka.truststore.type", "PKCS12");
        kafka.put("spring.kafka.ssl.bundle", "kafka");
        return kafka;
    }

    /** Kafka over SASL_SSL with SCRAM-SHA-512, trusting the test CA through a PEM bundle. */
    Map<String, String> scram(String user, String password) {
        Map<String, String> kafka = new LinkedHashMap<>(cassandra(infra.cassandraPassword()));
        kafka.put("spring.kafka.bootstrap-servers", infra.kafkaSaslSsl());
        kafka.put("spring.kafka.security.protocol", "SASL_SSL");
        kafka.put(
                "spring.ssl.bundle.pem.kafka.truststore.certificate",
                uri(infra.pki().caCertificate()));
        kafka.put("spring.kafka.ssl.bundle", "kafka");
        kafka.put("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        kafka.put(
                "spring.kafka.properties.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return kafka;
    }

    /** Good records {@code 1..count} and one that cannot be decoded, over the super-user listener. */
    void produce(int firstId, int count, boolean withPoison) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaPlaintext());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // lz4 batches: the consumer decompresses them with the lz4-java the build pins (docs/security-cves.md).
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int id = firstId; id < firstId + count; id++) {
                sent.add(producer.send(new ProducerRecord<>(
                        topic, null, ("{\"id\": " + id + ", \"item\": \"item-" + id + "\"}").getBytes(UTF8))));
            }
            if (withPoison) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, "not json".getBytes(UTF8))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    long rows() {
        return superuser()
                .execute("SELECT count(*) FROM " + SecuredInfrastructure.KEYSPACE + "." + table)
                .one()
                .getLong(0);
    }

    private static CqlSession superuser;

    /** The tests' own superuser session on the secured node, shared by the security tests. */
    static synchronized CqlSession superuser() {
        if (superuser == null || superuser.isClosed()) {
            superuser = SecuredInfrastructure.shared().cassandraSuperuserSession();
            Runtime.getRuntime().addShutdownHook(new Thread(superuser::close));
        }
        return superuser;
    }

    /** The records in the dead-letter topic right now, read over the super-user listener. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaPlaintext());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, unique("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(deadLetterTopic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    /** The offset the sink's group committed on the topic's partition, -1 when none. */
    long committed() {
        try (Admin admin = admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaPlaintext()));
    }

    static AccessFailures access(ConfigurableApplicationContext sink) {
        return sink.getBean(AccessFailures.class);
    }

    static HealthIndicator health(ConfigurableApplicationContext sink, String name) {
        return sink.getBean(name + "HealthIndicator", HealthIndicator.class);
    }

    static boolean up(ConfigurableApplicationContext sink, String name) {
        return Status.UP.equals(health(sink, name).health().getStatus());
    }

    static ConsumerLag.Snapshot lag(ConfigurableApplicationContext sink) {
        return sink.getBean(ConsumerLag.class).snapshot();
    }

    private static String uri(java.nio.file.Path file) {
        return file.toUri().toString();
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
