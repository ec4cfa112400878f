package io.kcsink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classpath of one local product, resolved by Maven from its helper pom ({@code src/test/infra/<product>/pom.xml})
 * apart from the application's own classpath, whose Guava, Netty and Jackson versions would clash.
 */
final class LocalClasspath {

    private static final Logger log = LoggerFactory.getLogger(LocalClasspath.class);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(10);

    private LocalClasspath() {}

    /** Returns the cached classpath, resolving it first when the helper pom is new or changed. */
    static String of(String product) {
        Path infra = LocalRun.infraDir();
        Path pom = infra.resolve(product).resolve("pom.xml");
        Path cache = infra.resolve(product + ".classpath");
        // The filtered pom is rewritten on every build, so compare content, not timestamps, to decide freshness.
        Path cachedPom = infra.resolve(product + ".classpath.pom");
        try {
            if (!Files.exists(pom)) {
                throw new IllegalStateException(
                        pom + " is missing; run ./mvnw process-test-resources (any test build does it)");
            }
            if (isFresh(cache, cachedPom, pom)) {
                return Files.readString(cache).trim();
            }
            resolve(product, pom, cache);
            Files.copy(pom, cachedPom, StandardCopyOption.REPLACE_EXISTING);
            return Files.readString(cache).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the " + product + " classpath", e);
        }
    }

    private static boolean isFresh(Path cache, Path cachedPom, Path pom) throws IOException {
        if (!Files.exists(cache) || !Files.exists(cachedPom) || Files.mismatch(cachedPom, pom) != -1) {
            return false;
        }
        // A cleaned local repository leaves a cache pointing at nothing.
        return Arrays.stream(Files.readString(cache).trim().split(java.io.File.pathSeparator))
                .allMatch(jar -> Files.exists(Path.of(jar)));
    }

    private static void resolve(String product, Path pom, Path cache) throws IOException {
        Path root = LocalRun.projectRoot();
        // Written aside then moved, so a second JVM resolving at the same time never reads half a file.
        Path partial = cache.resolveSibling(
                cache.getFileName() + "." + ProcessHandle.current().pid());
        Path output = cache.resolveSibling(product + ".resolve.log");
        long started = System.nanoTime();
        log.info("Resolving local infrastructure classpath product={} pom={}", product, pom);
        Files.deleteIfExists(output);
        ChildProcess.runToCompletion(
                "Maven resolving the " + product + " classpath",
                List.of(
                        root.resolve("mvnw").toString(),
                        "-B",
                        "-q",
                        "-f",
                        pom.toString(),
                        "dependency:build-classpath",
                        "-Dmdep.outputFile=" + partial),
                output,
                RESOLVE_TIMEOUT);
        Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info(
                "Resolved local infrastructure classpath product={} millis={}",
                product,
                (System.nanoTime() - started) / 1_000_000);
    }
}
