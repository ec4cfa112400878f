package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.caughtUp;
import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kcsink.SinkApplication;
import io.kcsink.migrate.MigrateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The minimal Lenses and DataStax configurations of src/test/resources/migrate, migrated with {@code --sink.migrate}
 * and given to the service as its {@code application.yml}, move records into Cassandra, in the consumer group the
 * connector had. Only the hosts and ports are the local infrastructure's, given on the command line as an operator
 * would; the keyspace, topic and connector name are made unique for this run.
 */
class MigrateIT {

    private static final Path CONFIGURATIONS = Path.of("src/test/resources/migrate");

    @TempDir
    Path dir;

    @Test
    void aMigratedLensesConfigurationWritesRows() throws IOException {
        String keyspace = unique("migrate_lenses");
        String table = unique("orders");
        String name = unique("lenses-sink").replace('_', '-');
        String connector = Files.readString(CONFIGURATIONS.resolve("lenses-minimal.properties"))
                .replace("=demo", "=" + keyspace)
                .replace("orders", table)
                .replace("name=cassandra-sink", "name=" + name);

        moveOrders(connector, "lenses-minimal.properties", keyspace, table, table, name);
    }

    @Test
    void aMigratedDataStaxConfigurationWritesRows() throws IOException {
        String keyspace = unique("migrate_datastax");
        String topic = unique("orders-topic").replace('_', '-');
        String name = unique("datastax-sink").replace('_', '-');
        String connector = Files.readString(CONFIGURATIONS.resolve("datastax-minimal.json"))
                .replace(".demo.", "." + keyspace + ".")
                .replace("orders-topic", topic)
                .replace("\"cassandra-sink\"", "\"" + name + "\"");

        moveOrders(connector, "datastax-minimal.json", keyspace, "orders", topic, name);
    }

    private void moveOrders(String connector, String file, String keyspace, String table, String topic, String name)
            throws IOException {
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + "." + table + " (id int, created text, product text, qty int,"
                + " price float, PRIMARY KEY (id, created))");
        createTopic(topic, 2);
        produce(List.of(
                order(topic, 1, "OP-DAX-P-20150201-95.7", 100, 94.2),
                order(topic, 2, "OP-DAX-C-20150201-100", 100, 99.5),
                order(topic, 3, "FU-KOSPI-C-20150201-100", 200, 150)));
        Path migrated = migrate(Files.writeString(dir.resolve(file), connector));

        try (ConfigurableApplicationContext sink = start(migrated)) {
            assertThat(sink.getEnvironment().getProperty("spring.kafka.consumer.group-id"))
                    .isEqualTo("connect-" + name);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(rows(keyspace, table))
                        .containsExactlyInAnyOrder(
                                tuple(1, "OP-DAX-P-20150201-95.7", 100, 94.2f),
                                tuple(2, "OP-DAX-C-20150201-100", 100, 99.5f),
                                tuple(3, "FU-KOSPI-C-20150201-100", 200, 150f));
                assertThat(caughtUp("connect-" + name, topic)).isTrue();
            });
        }
    }

    private Path migrate(Path connector) {
        Path output = dir.resolve("application.yml");
        int exit = MigrateCommand.run(
                new String[] {"--sink.migrate=" + connector, "--sink.migrate.output=" + output},
                System.out,
                System.err);
        assertThat(exit).isEqualTo(MigrateCommand.WRITTEN);
        return output;
    }

    /** The service with the migrated file as its configuration, and the local hosts and ports on the command line. */
    private static ConfigurableApplicationContext start(Path applicationYaml) {
        List<String> args = new ArrayList<>();
        args.add("--spring.config.additional-location=file:" + applicationYaml.toAbsolutePath());
        for (Map.Entry<String, String> connection : infra().springProperties().entrySet()) {
            args.add("--" + connection.getKey() + "=" + connection.getValue());
        }
        args.add("--server.port=0");
        args.add("--sink.listener-id=" + unique("migrated"));
        return new SpringApplicationBuilder(SinkApplication.class).run(args.toArray(String[]::new));
    }

    private static ProducerRecord<byte[], byte[]> order(String topic, int id, String product, int qty, double price) {
        String json = "{\"id\": " + id + ", \"created\": \"2016-05-06 13:53:00\", \"product\": \"" + product
                + "\", \"qty\": " + qty + ", \"price\": " + price + "}";
        return new ProducerRecord<>(
                topic, String.valueOf(id).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Tuple> rows(String keyspace, String table) {
        return cql().execute("SELECT id, product, qty, price FROM " + keyspace + "." + table).all().stream()
                .map(r -> tuple(r.getInt("id"), r.getString("product"), r.getInt("qty"), r.getFloat("price")))
                .toList();
    }
}
