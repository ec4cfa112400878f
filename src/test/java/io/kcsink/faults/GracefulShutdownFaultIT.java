package io.kcsink.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.local.SinkProcess;
import io.kcsink.local.TestInfrastructure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** SIGTERM mid-stream, as Kubernetes sends: the process exits within its grace period and a restart loses nothing. */
@Testcontainers
class GracefulShutdownFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    /** {@code spring.lifecycle.timeout-per-shutdown-phase} in application.yml. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @Test
    void exitsWithinTheGracePeriodOnSigtermAndLosesNothingAcrossTheRestart() {
        try (FaultRun run = FaultRun.create("sigterm", FaultRun.POISON, 5)) {
            SinkProcess sink = run.sink("a", Map.of()).start();
            // Produced faster than the sink consumes, so the SIGTERM lands while batches are in flight.
            CompletableFuture<Void> production = run.produce(FaultRun.BURST);
            run.awaitCommitted(0.3);
            Duration exit = sink.terminate(GRACE.plusSeconds(15));
            System.out.printf("FAULTS sigterm exit-millis=%s%n", exit == null ? "timeout" : exit.toMillis());
            assertThat(exit).as("exit after SIGTERM").isNotNull();
            assertThat(exit).as("exit after SIGTERM").isLessThanOrEqualTo(GRACE);
            sink.start();
            run.awaitRecovered("sigterm + restart");
            run.awaitDrained(production);
            run.verify(false);
        }
    }
}
