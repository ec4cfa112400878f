package io.kcsink.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A parent JVM for {@link ChildProcessIT}: starts {@code sleep} under the watchdog, prints its pid and waits to be
 * killed.
 */
final class OrphanProbe {

    private OrphanProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("orphan-probe");
        ChildProcess child = ChildProcess.start(
                "sleep", List.of("sleep", "600"), dir.resolve("sleep.log"), dir.resolve("sleep.pid"));
        System.out.println(child.handle().pid());
        System.out.flush();
        new CountDownLatch(1).await(); // until the test kills this JVM
    }
}
