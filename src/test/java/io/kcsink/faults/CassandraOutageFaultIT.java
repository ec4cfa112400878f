package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.localInfra;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.SinkProcess;
import io.kcsink.local.TestInfrastructure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Cassandra is stopped mid-stream and started again: the sink waits, nothing goes to the dead-letter topic for it. Of
 * the two instances in the group, one is SIGTERMed while its batch is in the retry back-off: it must exit within the
 * grace period without committing, and the other takes its partitions over.
 */
@Testcontainers
class CassandraOutageFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outage-seconds", 20));

    /** {@code spring.lifecycle.timeout-per-shutdown-phase} in application.yml. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @Test
    void waitsOutACassandraOutageWithoutLosingOrDeadLetteringAnything() {
        try (FaultRun run = FaultRun.create("cassandra-outage", FaultRun.POISON, 5)) {
            SinkProcess staying = run.sink("a", Map.of()).start();
            SinkProcess leaving = run.sink("b", Map.of()).start();
            CompletableFuture<Void> production = run.produce();
            run.awaitCommitted(0.25);
            localInfra().cassandra().stop();
            try {
                // The outage itself: for its first half both instances must stay up, retrying.
                await("the sink to stay up while Cassandra is down")
                        .during(OUTAGE.dividedBy(2))
                        .atMost(OUTAGE)
                        .until(() -> staying.isAlive() && leaving.isAlive());
                Duration exit = leaving.terminate(GRACE.plusSeconds(15));
                System.out.printf(
                        "FAULTS cassandra-outage sigterm-during-retry exit-millis=%s%n",
                        exit == null ? "timeout" : exit.toMillis());
                assertThat(exit).as("exit after SIGTERM during the outage").isNotNull();
                assertThat(exit).as("exit after SIGTERM during the outage").isLessThanOrEqualTo(GRACE);
                await("the other instance to stay up while Cassandra is down")
                        .during(OUTAGE.dividedBy(2))
                        .atMost(OUTAGE)
                        .until(staying::isAlive);
            } finally {
                localInfra().cassandra().start();
            }
            run.awaitRecovered("cassandra down " + OUTAGE.toSeconds() + " s");
            run.awaitDrained(production);
            // The SIGTERMed instance's batch was uncommitted: the other delivers it again, and parks its poison again.
            run.verify(true);
        }
    }
}
