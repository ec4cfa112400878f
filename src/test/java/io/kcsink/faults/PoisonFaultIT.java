package io.kcsink.faults;

import io.kcsink.local.TestInfrastructure;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** 1% of the stream is not JSON: each such record goes to the dead-letter topic once and blocks nothing. */
@Testcontainers
class PoisonFaultIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void parksEachPoisonRecordOnceAndWritesEveryOtherRecord() {
        try (FaultRun run = FaultRun.create("poison", FaultRun.POISON, 5)) {
            run.sink("a", Map.of()).start();
            CompletableFuture<Void> production = run.produce();
            run.awaitDrained(production);
            run.verify(false);
        }
    }
}
