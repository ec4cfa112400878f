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

/** Two instances in one group: a second joins mid-stream, then the first leaves, each a rebalance. */
@Testcontainers
class RebalanceFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void losesNothingWhenInstancesJoinAndLeaveTheGroupMidStream() {
        try (FaultRun run = FaultRun.create("rebalance", FaultRun.POISON, 5)) {
            SinkProcess first = run.sink("a", Map.of()).start();
            CompletableFuture<Void> production = run.produce(FaultRun.STREAM.multipliedBy(2));
            run.awaitCommitted(0.2);
            SinkProcess second = run.sink("b", Map.of()).start();
            run.awaitRecovered("second instance joins");
            run.awaitCommitted(0.5);
            assertThat(first.terminate(Duration.ofSeconds(40)))
                    .as("first instance exits")
                    .isNotNull();
            run.awaitRecovered("first instance leaves");
            run.awaitDrained(production);
            assertThat(second.isAlive()).isTrue();
            run.verify(false);
        }
    }
}
