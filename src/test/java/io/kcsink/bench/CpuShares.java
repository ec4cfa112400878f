package io.kcsink.bench;

import io.kcsink.local.LocalInfrastructure;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time of the three processes that share the machine during a phase of the benchmark: this JVM (the sink, or the
 * bare-driver client), the local Cassandra and the local Kafka broker. On a machine where they share 2 cores, what the
 * sink and the broker take is what Cassandra cannot have, which bounds the sink's rate against a bare driver's.
 *
 * @param wallNanos when the snapshot was taken ({@link System#nanoTime()})
 * @param jvmNanos CPU time of this JVM
 * @param cassandraNanos CPU time of the Cassandra process; 0 when it is not a local process
 * @param kafkaNanos CPU time of the Kafka process; 0 when it is not a local process
 */
record CpuShares(long wallNanos, long jvmNanos, long cassandraNanos, long kafkaNanos) {

    static CpuShares now(LocalInfrastructure infra) {
        return new CpuShares(
                System.nanoTime(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime(),
                cpuNanos(infra.cassandra().processHandle()),
                cpuNanos(infra.kafka().processHandle()));
    }

    /**
     * Waits until Cassandra has been nearly idle (under a tenth of a core) for a second, at most a minute, so that a
     * phase does not pay for the flushes and compactions of the one before it; returns the seconds waited.
     */
    static double awaitQuietCassandra(LocalInfrastructure infra) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(1).toNanos();
        CpuShares last = now(infra);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000); // sampling CPU use for a measurement; not a test
            CpuShares current = now(infra);
            CpuShares second = current.since(last);
            if (second.cassandraNanos < second.wallNanos / 10) {
                break;
            }
            last = current;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** What was used between {@code start} and this snapshot. */
    CpuShares since(CpuShares start) {
        return new CpuShares(
                wallNanos - start.wallNanos,
                jvmNanos - start.jvmNanos,
                cassandraNanos - start.cassandraNanos,
                kafkaNanos - start.kafkaNanos);
    }

    /** Cores each process used on average over the interval, and Cassandra's CPU per row written. */
    String describe(long rows) {
        double wall = wallNanos;
        return String.format(
                "this JVM %.2f, Cassandra %.2f, Kafka %.2f, together %.2f of %d cores; Cassandra %.1f µs per row",
                jvmNanos / wall,
                cassandraNanos / wall,
                kafkaNanos / wall,
                (jvmNanos + cassandraNanos + kafkaNanos) / wall,
                Runtime.getRuntime().availableProcessors(),
                cassandraNanos / 1e3 / rows);
    }

    private static long cpuNanos(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }
}
