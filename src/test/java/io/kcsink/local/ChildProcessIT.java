package io.kcsink.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A child started by {@link ChildProcess} never outlives its parent JVM, even when no shutdown hook runs. */
class ChildProcessIT {

    @Test
    void killsTheChildWhenTheParentJvmIsKilledWithSigkill() throws Exception {
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long childPid;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
            childPid = Long.parseLong(out.readLine().trim());
            assertThat(ProcessHandle.of(childPid))
                    .hasValueSatisfying(child -> assertThat(child.isAlive()).isTrue());

            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hooks do not run
            parent.waitFor();
        }

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> ProcessHandle.of(childPid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false),
                        alive -> !alive);
    }

    @Test
    void stopEndsTheChildAndItsWatchdog() throws Exception {
        Path dir = Files.createTempDirectory("child-process");
        ChildProcess child = ChildProcess.start(
                "sleep", List.of("sleep", "600"), dir.resolve("sleep.log"), dir.resolve("sleep.pid"));
        ProcessHandle sleep = child.handle();

        child.stop(Duration.ofSeconds(5));

        assertThat(sleep.isAlive()).isFalse();
        assertThat(ProcessHandle.current().descendants())
                .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep-watchdog"));
        assertThat(dir.resolve("sleep.pid")).doesNotExist();
    }

    @Test
    void killEndsTheChildWithSigkill() throws Exception {
        ChildProcess child = startIgnoringSigterm();

        child.kill();

        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void stopKillsAChildThatOutlivesTheGracePeriod() throws Exception {
        ChildProcess child = startIgnoringSigterm();

        child.stop(Duration.ofMillis(500));

        assertThat(child.isAlive()).isFalse();
    }

    /** A child that only SIGKILL can end; {@code exec} keeps the ignored SIGTERM and leaves no shell behind. */
    private static ChildProcess startIgnoringSigterm() throws Exception {
        Path dir = Files.createTempDirectory("child-process");
        return ChildProcess.start(
                "stubborn",
                List.of("bash", "-c", "trap '' TERM; exec sleep 600"),
                dir.resolve("stubborn.log"),
                dir.resolve("stubborn.pid"));
    }
}
