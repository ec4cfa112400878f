package io.kcsink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrProfileTest {

    @Test
    void chargesASampleToTheFirstLibraryOnTheStack() {
        assertThat(JfrProfile.libraryOf("io.kcsink.ingest.SinkListener")).isEqualTo("io.kcsink (sink)");
        assertThat(JfrProfile.libraryOf("org.apache.kafka.clients.consumer.internals.Fetcher"))
                .startsWith("org.apache.kafka");
        assertThat(JfrProfile.libraryOf("com.datastax.oss.driver.internal.core.cql.CqlRequestHandler"))
                .contains("driver");
        assertThat(JfrProfile.libraryOf("java.util.HashMap")).isNull();
    }

    @Test
    void summarisesWhereTheRecordedCpuWent(@TempDir Path dir) throws Exception {
        JfrProfile profile = JfrProfile.start();
        long deadline = System.nanoTime() + 1_500_000_000L;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            sink += spin();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        profile.stopAndSummarise(dir.resolve("test.jfr"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertThat(dir.resolve("test.jfr")).isNotEmptyFile();
        assertThat(summary)
                .contains("CPU by library of the top frame", "CPU by thread", "CPU by top frame")
                .contains(JfrProfileTest.class.getName() + ".spin");
        assertThat(sink).isNotZero();
    }

    private static long spin() {
        long x = 1;
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x | 1;
    }
}
