package io.kcsink.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what it writes, what it prints, and its exit codes. */
class MigrateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesTheFileAndPrintsTheNotes() throws IOException {
        Path output = dir.resolve("application.yml");

        int exit = run(
                "--sink.migrate=" + Migrated.RESOURCES.resolve("lenses-minimal.properties"),
                "--sink.migrate.output=" + output);

        assertThat(exit).isEqualTo(MigrateCommand.WRITTEN);
        Migrated expected = Migrated.of("lenses-minimal.properties");
        assertThat(Files.readString(output)).isEqualTo(expected.text());
        assertThat(stderr())
                .contains("sink.migrate: note: " + expected.note("spring.kafka.bootstrap-servers"))
                .contains("sink.migrate: wrote " + output + " from the Lenses Cassandra sink configuration ")
                .endsWith(": 1 route, 6 notes" + System.lineSeparator());
    }

    @Test
    void writesToStandardOutputWhenAskedTo() {
        int exit =
                run("--sink.migrate=" + Migrated.RESOURCES.resolve("datastax-minimal.json"), "--sink.migrate.output=-");

        assertThat(exit).isEqualTo(MigrateCommand.WRITTEN);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Migrated.of("datastax-minimal.json").text());
    }

    @Test
    void refusesAConfigurationOfAnotherConnector() throws IOException {
        Path jdbc = Files.writeString(dir.resolve("jdbc.json"), """
                {"name": "orders-jdbc", "config": {
                  "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                  "topics": "orders", "connection.url": "jdbc:postgresql://db:5432/shop"}}
                """);
        Path output = dir.resolve("application.yml");

        int exit = run("--sink.migrate=" + jdbc, "--sink.migrate.output=" + output);

        assertThat(exit).isEqualTo(MigrateCommand.UNREADABLE);
        assertThat(output).doesNotExist();
        assertThat(stderr())
                .isEqualTo("sink.migrate: jdbc.json is neither a Lenses Cassandra sink configuration (it has no"
                        + " connect.cassandra.kcql) nor a DataStax Cassandra sink configuration (it has no"
                        + " topic.<topic>.<keyspace>.<table>.mapping); its connector.class is"
                        + " io.confluent.connect.jdbc.JdbcSinkConnector" + System.lineSeparator());
    }

    @Test
    void refusesAFileItCannotRead() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\", \"config\": {");

        assertThat(run("--sink.migrate=" + broken, "--sink.migrate.output=" + dir.resolve("a.yml")))
                .isEqualTo(MigrateCommand.UNREADABLE);
        assertThat(stderr()).startsWith("sink.migrate: broken.json is not valid JSON: ");

        err.reset();
        assertThat(run(
                        "--sink.migrate=" + dir.resolve("missing.json"),
                        "--sink.migrate.output=" + dir.resolve("b.yml")))
                .isEqualTo(MigrateCommand.UNREADABLE);
        assertThat(stderr()).startsWith("sink.migrate: cannot read " + dir.resolve("missing.json"));
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Path output = Files.writeString(dir.resolve("application.yml"), "sink: {}\n");

        int exit = run(
                "--sink.migrate=" + Migrated.RESOURCES.resolve("lenses-minimal.properties"),
                "--sink.migrate.output=" + output);

        assertThat(exit).isEqualTo(MigrateCommand.USAGE);
        assertThat(Files.readString(output)).isEqualTo("sink: {}\n");
        assertThat(stderr()).contains(output + " exists; it is not overwritten");
    }

    @Test
    void readsTheRestFormTheBareMapAndPropertiesAlike() {
        String settings = "\"connector.class\": \"com.datastax.oss.kafka.sink.CassandraSinkConnector\","
                + " \"tasks.max\": 2, \"topic.t.ks.tb.mapping\": \"id=key\"";
        ConnectorConfig rest = ConnectorConfig.parse("{\"name\": \"n\", \"config\": {" + settings + "}}", "a.json");
        ConnectorConfig bare = ConnectorConfig.parse("{\"name\": \"n\", " + settings + "}", "b.json");
        ConnectorConfig properties = ConnectorConfig.parse("""
                name=n
                connector.class=com.datastax.oss.kafka.sink.CassandraSinkConnector
                tasks.max=2
                topic.t.ks.tb.mapping=id=key
                """, "c.properties");

        assertThat(rest).isEqualTo(bare).isEqualTo(properties);
        assertThat(rest.name()).isEqualTo("n");
        assertThat(rest.settings()).containsEntry("tasks.max", "2").doesNotContainKey("name");
    }

    @Test
    void asksForAMigrationOnlyWithItsArgument() {
        assertThat(MigrateCommand.requested(new String[] {"--sink.migrate=c.json"}))
                .isTrue();
        assertThat(MigrateCommand.requested(new String[] {"--sink.migrate.output=a.yml"}))
                .isFalse();
        assertThat(MigrateCommand.requested(new String[] {"--spring.profiles.active=prod"}))
                .isFalse();
    }

    private int run(String... args) {
        return MigrateCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
