package io.kcsink.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the shared infrastructure needs from the Testcontainers extension calling {@code start()} before every test
 * class: one real start, and after a failed one, an immediate failure naming its cause.
 */
class StartOnceTest {

    private final AtomicInteger starts = new AtomicInteger();
    private final StartOnce once = new StartOnce("test infrastructure", () -> {});

    @Test
    void startsOnlyOnceHoweverOftenItIsAsked() {
        once.start(starts::incrementAndGet);
        once.start(starts::incrementAndGet);
        once.start(starts::incrementAndGet);

        assertThat(starts).hasValue(1);
    }

    @Test
    void afterAFailedStartFailsAtOnceWithTheFirstCauseAndDoesNotRetry() {
        IllegalStateException cause = new IllegalStateException("Cassandra did not answer CQL within 120 s");
        assertThatThrownBy(() -> once.start(() -> {
                    starts.incrementAndGet();
                    throw cause;
                }))
                .isSameAs(cause);

        assertThatThrownBy(() -> once.start(starts::incrementAndGet))
                .hasMessage("The test infrastructure failed to start earlier in this JVM")
                .hasCause(cause);
        assertThat(starts).hasValue(1);
    }
}
