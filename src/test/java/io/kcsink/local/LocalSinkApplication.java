package io.kcsink.local;

import com.datastax.oss.driver.api.core.CqlSession;
import io.kcsink.SinkApplication;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local run ({@code ./mvnw spring-boot:test-run}): starts a real Kafka and a real Cassandra as local processes,
 * creates the seed example (keyspace {@code demo}, table {@code orders}, topic {@code orders-topic}) and runs the sink
 * with the route {@code INSERT INTO demo.orders SELECT * FROM orders-topic}. With {@code --sink.demo.orders=N} it also
 * publishes N sample orders and logs the rows it reads back.
 *
 * <p>Annotated only so that the Spring Boot Maven plugin finds it as the test-run main class; the application it runs
 * is {@link SinkApplication}.
 */
@SpringBootApplication
public class LocalSinkApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalSinkApplication.class);

    static final String ROUTE = "INSERT INTO demo.orders SELECT * FROM orders-topic";

    public static void main(String[] args) throws Exception {
        LocalInfrastructure infra = LocalInfrastructure.shared();
        createSeedSchema(infra);
        List<String> all = new ArrayList<>();
        infra.springProperties().forEach((k, v) -> all.add("--" + k + "=" + v));
        all.add("--sink.routes[0].name=orders");
        all.add("--sink.routes[0].kcql=" + ROUTE);
        all.addAll(List.of(args));
        ConfigurableApplicationContext context =
                SpringApplication.run(SinkApplication.class, all.toArray(String[]::new));
        log.info(
                "Local sink is running. Kafka bootstrap: {}  Cassandra contact point: {} (datacenter {})  "
                        + "Route: {}  Produce with e.g.: kcat -b {} -t orders-topic -P",
                infra.kafkaBootstrapServers(),
                infra.cassandraContactPoint(),
                infra.cassandraLocalDatacenter(),
                ROUTE,
                infra.kafkaBootstrapServers());
        int demoOrders = context.getEnvironment().getProperty("sink.demo.orders", Integer.class, 0);
        if (demoOrders > 0) {
            publishAndReadBack(infra, demoOrders);
        }
    }

    static void createSeedSchema(LocalInfrastructure infra) throws Exception {
        try (CqlSession cql = session(infra)) {
            cql.execute("CREATE KEYSPACE IF NOT EXISTS demo WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 3}");
            cql.execute("CREATE TABLE IF NOT EXISTS demo.orders (id int, created varchar, product varchar, qty int, "
                    + "price float, PRIMARY KEY (id, created))");
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders-topic", 3, (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
            }
        }
    }

    static void publishAndReadBack(LocalInfrastructure infra, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= count; i++) {
                String order = String.format(
                        "{\"id\": %d, \"created\": \"2016-05-06 13:%02d:00\", \"product\": \"OP-DAX-P-20150201-%d\", "
                                + "\"price\": %d.5}",
                        i, 53 + i % 7, 90 + i, 90 + i);
                producer.send(new ProducerRecord<>("orders-topic", String.valueOf(i), order))
                        .get();
                log.info("published order: {}", order);
            }
        }
        try (CqlSession cql = session(infra)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<com.datastax.oss.driver.api.core.cql.Row> rows = List.of();
            while (System.nanoTime() < deadline) {
                rows = cql.execute("SELECT id, created, product, qty, price FROM demo.orders")
                        .all();
                if (rows.size() >= count) {
                    break;
                }
                Thread.sleep(250); // polling the table a person would watch; not a test
            }
            for (var row : rows) {
                log.info(
                        "row in demo.orders: id={} created={} product={} qty={} price={}",
                        row.getInt("id"),
                        row.getString("created"),
                        row.getString("product"),
                        row.isNull("qty") ? null : row.getInt("qty"),
                        row.getFloat("price"));
            }
            log.info("{} rows in demo.orders", rows.size());
        }
    }

    private static CqlSession session(LocalInfrastructure infra) {
        String[] hostPort = infra.cassandraContactPoint().split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(infra.cassandraLocalDatacenter())
                .build();
    }
}
