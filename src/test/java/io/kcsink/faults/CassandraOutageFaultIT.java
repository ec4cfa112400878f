package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.infra;
import static org.awaitility.Awaitility.await;

import io.kcsink.local.SinkProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cassandra is stopped mid-stream and started again: the sink waits, nothing goes to the dead-letter topic for it. */
class CassandraOutageFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outage-seconds", 20));

    @Test
    void waitsOutACassandraOutageWithoutLosingOrDeadLetteringAnything() {
        try (FaultRun run = FaultRun.create("cassandra-outage", FaultRun.POISON, 5)) {
            SinkProcess sink = run.sink("a", Map.of()).start();
            CompletableFuture<Void> production = run.produce();
            run.awaitCommitted(0.25);
            infra().cassandra().stop();
            try {
                // The outage itself: for its whole length the sink must stay up, retrying.
                await("the sink to stay up while Cassandra is down")
                        .during(OUTAGE)
                        .atMost(OUTAGE.plusSeconds(10))
                        .until(sink::isAlive);
            } finally {
                infra().cassandra().start();
            }
            run.awaitRecovered("cassandra down " + OUTAGE.toSeconds() + " s");
            run.awaitDrained(production);
            run.verify(false);
        }
    }
}
