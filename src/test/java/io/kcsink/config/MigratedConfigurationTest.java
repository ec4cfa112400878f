package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.migrate.MigrateCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every {@code application.yml} that {@code --sink.migrate} writes for the connector configurations of
 * {@code src/test/resources/migrate} starts as far as it can without Kafka and Cassandra: its routes bind and compile
 * as start-up compiles them ({@link StartupRouteCheck}), and its {@code spring.cassandra.*}, {@code spring.kafka.*}
 * and {@code spring.ssl.*} bind to Spring Boot's own properties with no key left over.
 */
class MigratedConfigurationTest {

    private static final Path CONFIGURATIONS = Path.of("src/test/resources/migrate");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    @TempDir
    Path dir;

    static Stream<String> configurations() throws IOException {
        try (Stream<Path> files = Files.list(CONFIGURATIONS)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theMigratedFileBindsAndItsRoutesCompile(String configuration) throws IOException {
        String yaml = migrate(configuration);
        Map<String, Object> environment = environmentFor(yaml);

        assertThat(yaml).contains("routes:");
        assertThat(StartupRouteCheck.problems(yaml, environment)).isEmpty();
        assertThat(unboundSpringProperties(yaml, environment)).isEmpty();
    }

    private String migrate(String configuration) throws IOException {
        Path output = dir.resolve(configuration + ".yml");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = MigrateCommand.run(
                new String[] {
                    "--sink.migrate=" + CONFIGURATIONS.resolve(configuration), "--sink.migrate.output=" + output
                },
                stream,
                stream);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return Files.readString(output);
    }

    /** The environment variables its placeholders name, each with a stand-in value, as a pod's Secrets give them. */
    private static Map<String, Object> environmentFor(String yaml) {
        Map<String, Object> environment = new HashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(yaml);
        while (placeholder.find()) {
            environment.put(placeholder.group(1), "from-a-secret");
        }
        return environment;
    }

    /** What of spring.cassandra, spring.kafka and spring.ssl binds to nothing, or does not bind. */
    private static List<String> unboundSpringProperties(String yaml, Map<String, Object> environment)
            throws IOException {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("pod environment", environment));
        for (var source : new YamlPropertySourceLoader()
                .load("migrated application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
            spring.getPropertySources().addFirst(source);
        }
        ConfigurationPropertySources.attach(spring);
        Binder binder = Binder.get(spring);
        List<String> problems = new ArrayList<>();
        Map<String, Class<?>> prefixes = Map.of(
                "spring.cassandra", CassandraProperties.class,
                "spring.kafka", KafkaProperties.class,
                "spring.ssl", SslProperties.class);
        prefixes.forEach((prefix, type) -> {
            try {
                binder.bind(prefix, Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
            } catch (BindException ex) {
                Throwable cause = ex;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                problems.add(prefix + ": " + cause.getMessage());
            }
        });
        return problems;
    }
}
