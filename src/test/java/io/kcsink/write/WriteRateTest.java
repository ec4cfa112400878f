package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cap on rows and bytes per second. Waiting is what a cap does, so these tests assert the least time a number of
 * writes must take under it: a lower bound the limiter guarantees, which no slow machine can break.
 */
class WriteRateTest {

    @Test
    void withoutACapAWriteNeverWaitsNorSizesItsStatement() throws InterruptedException {
        AtomicInteger sized = new AtomicInteger();

        WriteRate.UNLIMITED.acquire(1_000_000, sized::incrementAndGet);

        assertThat(WriteRate.UNLIMITED.limits()).isFalse();
        assertThat(WriteRate.of(null, null)).isSameAs(WriteRate.UNLIMITED);
        assertThat(sized).hasValue(0);
    }

    @Test
    void rowsBeyondTheFirstPeriodsBudgetWaitForLaterPeriods() throws InterruptedException {
        long start = System.nanoTime();
        WriteRate rate = WriteRate.of(100, null);

        // 10 rows per 100 ms: the first 10 now, the 50th in the fifth period, at least 400 ms after the limiter began.
        for (int i = 0; i < 50; i++) {
            rate.acquire(1, () -> 0);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aBatchLargerThanAPeriodsBudgetWaitsForAsManyPeriodsAsItNeeds() throws InterruptedException {
        long start = System.nanoTime();
        WriteRate rate = WriteRate.of(null, 10 * 1024);

        // 1 KiB per 100 ms: a batch of 4 KiB takes the first period's budget and three more.
        rate.acquire(32, () -> 4 * 1024);
        rate.acquire(1, () -> 1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aCapThatIsNotAMultipleOfTenIsKeptOverEachSecond() throws InterruptedException {
        long start = System.nanoTime();
        WriteRate rate = WriteRate.of(15, null);

        for (int i = 0; i < 16; i++) {
            rate.acquire(1, () -> 0);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> WriteRate.of(0, null)).hasMessageContaining("at least 1");
    }
}
