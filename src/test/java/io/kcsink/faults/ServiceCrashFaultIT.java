package io.kcsink.faults;

import io.kcsink.local.SinkProcess;
import io.kcsink.local.TestInfrastructure;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The service is killed with SIGKILL three times mid-stream and restarted each time. */
@Testcontainers
class ServiceCrashFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void losesNothingAndKeepsEachKeysLastUpdateWhenKilledThreeTimes() {
        try (FaultRun run = FaultRun.create("kill9", FaultRun.POISON, 5)) {
            SinkProcess sink = run.sink("a", Map.of()).start();
            // Produced faster than the sink consumes: each kill lands in the middle of the backlog, mid-batch.
            CompletableFuture<Void> production = run.produce(FaultRun.BURST);
            for (int kill = 1; kill <= 3; kill++) {
                run.awaitCommitted(kill * 0.2);
                sink.kill();
                sink.start();
                if (kill < 3) {
                    // Draining the backlog here would leave nothing for the next kill to interrupt.
                    run.awaitProgress("kill-9 #" + kill);
                } else {
                    run.awaitRecovered("kill-9 #" + kill);
                }
            }
            run.awaitDrained(production);
            // A batch whose poison records were parked but whose offsets were not yet committed is delivered again
            // after the crash, and its poison parked again: the dead-letter topic holds the poison SET, possibly twice.
            run.verify(true);
        }
    }
}
