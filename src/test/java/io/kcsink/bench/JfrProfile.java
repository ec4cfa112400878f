package io.kcsink.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of the benchmark's measured sink run ({@code bench/run --profile=FILE}): CPU samples and
 * allocation samples of the whole JVM while the sink drains the topic, written to a {@code .jfr} file for JDK Mission
 * Control or {@code jfr print}, and summarised on standard output: where the CPU samples are (by library of the frame on
 * top of the stack, by thread group, and the hottest methods) and which methods allocate most.
 */
final class JfrProfile {

    private final Recording recording = new Recording();

    private JfrProfile() {
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "300/s");
        recording.setToDisk(true);
        recording.setName("kcsink-bench");
    }

    /** Starts recording now. */
    static JfrProfile start() {
        JfrProfile profile = new JfrProfile();
        profile.recording.start();
        return profile;
    }

    /** Stops recording, writes the file and prints its summary. */
    void stopAndSummarise(Path file, PrintStream out) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        summarise(file, out, 15);
    }

    static void summarise(Path file, PrintStream out, int top) throws IOException {
        Map<String, Long> byLibrary = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        Map<String, Long> allocatedByMethod = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            String method = method(stack.getFrames().get(0));
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    byLibrary.merge(library(stack.getFrames()), 1L, Long::sum);
                    byThread.merge(threadGroup(event.getThread("sampledThread")), 1L, Long::sum);
                    byMethod.merge(method, 1L, Long::sum);
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocated += weight;
                    allocatedByMethod.merge(firstOwnFrame(stack.getFrames()), weight, Long::sum);
                }
                default -> {}
            }
        }
        out.printf(
                "%nprofile %s: %,d CPU samples (10 ms), %,d MiB allocated (sampled)%n", file, samples, allocated >> 20);
        print(out, "CPU by library of the top frame", byLibrary, samples, top);
        print(out, "CPU by thread", byThread, samples, top);
        print(out, "CPU by top frame", byMethod, samples, top);
        print(out, "allocation by first io.kcsink frame (or top frame)", allocatedByMethod, allocated, top);
    }

    private static void print(PrintStream out, String title, Map<String, Long> counts, long total, int top) {
        out.printf("%n  %s%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .forEach(entry ->
                        out.printf("  %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The library a sample is charged to: the first frame that is not the JDK's, or the JDK when none is. */
    static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            String library = libraryOf(type);
            if (library != null) {
                return library;
            }
        }
        return "jdk";
    }

    static String libraryOf(String type) {
        if (type.startsWith("io.kcsink.")) {
            return "io.kcsink (sink)";
        }
        if (type.startsWith("org.apache.kafka.")) {
            return "org.apache.kafka (Kafka clients)";
        }
        if (type.startsWith("com.datastax.") || type.startsWith("org.springframework.data.cassandra.")) {
            return "com.datastax / spring-data-cassandra (driver)";
        }
        if (type.startsWith("io.netty.")) {
            return "io.netty (driver I/O)";
        }
        if (type.startsWith("tools.jackson.") || type.startsWith("com.fasterxml.jackson.")) {
            return "jackson (JSON)";
        }
        if (type.startsWith("org.apache.avro.")) {
            return "org.apache.avro";
        }
        if (type.startsWith("io.micrometer.")) {
            return "io.micrometer (metrics)";
        }
        if (type.startsWith("org.springframework.")) {
            return "org.springframework (Spring Kafka, core)";
        }
        return null;
    }

    /** Thread names without their numbers: {@code s0-io-3} becomes {@code s#-io-#}. */
    static String threadGroup(RecordedThread thread) {
        String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
        return name.replaceAll("\\d+", "#");
    }

    private static String firstOwnFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("io.kcsink.")) {
                return method(frame) + " (and what it calls)";
            }
        }
        return method(frames.get(0));
    }
}
