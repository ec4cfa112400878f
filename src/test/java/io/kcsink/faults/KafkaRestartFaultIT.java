package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.localInfra;

import io.kcsink.local.TestInfrastructure;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Kafka broker is restarted mid-stream, under both the producer and the sink. */
@Testcontainers
class KafkaRestartFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void losesNothingWhenTheBrokerRestartsMidStream() {
        try (FaultRun run = FaultRun.create("kafka-restart", FaultRun.POISON, 5)) {
            run.sink("a", Map.of()).start();
            CompletableFuture<Void> production = run.produce();
            run.awaitCommitted(0.25);
            localInfra().kafka().stop();
            try {
                // Nothing to wait for: the broker is restarted at once, as a rolling restart would.
            } finally {
                localInfra().kafka().start();
            }
            run.awaitRecovered("broker restart");
            run.awaitDrained(production);
            // A commit that fails while the broker is away delivers its batch again, poison included: at least once.
            run.verify(true);
        }
    }
}
