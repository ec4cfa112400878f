package io.kcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar ... --sink.migrate=...} runs the migration instead of the service: the JVM writes the file and
 * exits with the command's code, without starting Spring, so it needs no Kafka and no Cassandra (none runs here).
 */
class SinkApplicationMigrateTest {

    @TempDir
    Path dir;

    @Test
    void mainMigratesAndExitsWithoutStartingTheService() throws Exception {
        Path output = dir.resolve("application.yml");

        Result result = runMain(
                "--sink.migrate=src/test/resources/migrate/datastax-minimal.json", "--sink.migrate.output=" + output);

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(output)).contains("table: demo.orders");
        assertThat(result.output())
                .contains("sink.migrate: wrote " + output)
                .doesNotContain("Spring Boot", "Starting SinkApplication");
    }

    @Test
    void mainExitsWithTheCommandsCodeForAFileItCannotUse() throws Exception {
        Path jdbc = Files.writeString(dir.resolve("jdbc.properties"), "connector.class=JdbcSinkConnector\n");

        Result result = runMain("--sink.migrate=" + jdbc, "--sink.migrate.output=" + dir.resolve("a.yml"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("jdbc.properties is neither a Lenses Cassandra sink configuration");
    }

    private record Result(int exitCode, String output) {}

    private Result runMain(String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("main.log");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SinkApplication.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the migration did not exit within 60 s: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
