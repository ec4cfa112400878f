package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/** {@code sink.retry.*} becomes the back-off between attempts of a batch that failed for a retriable reason. */
class RetryPropertiesTest {

    @Test
    void defaultsWaitHalfASecondDoublingUpToThirtySecondsWithJitterAndRetryForEver() {
        BackOff backOff = bind(Map.of()).createBackOff();
        assertThat(backOff).isInstanceOfSatisfying(ExponentialBackOff.class, exponential -> {
            assertThat(exponential.getInitialInterval()).isEqualTo(500);
            assertThat(exponential.getMultiplier()).isEqualTo(2.0);
            assertThat(exponential.getMaxInterval()).isEqualTo(30_000);
            assertThat(exponential.getJitter()).isEqualTo(250);
            assertThat(exponential.getMaxAttempts()).isEqualTo(Long.MAX_VALUE);
            assertThat(exponential.getMaxElapsedTime()).isEqualTo(Long.MAX_VALUE);
        });
    }

    @Test
    void waitsGrowByTheMultiplierUpToTheMaxInterval() {
        SinkProperties.Retry retry = bind(Map.of(
                "sink.retry.initial-interval", "100ms",
                "sink.retry.multiplier", "3",
                "sink.retry.max-interval", "1s",
                "sink.retry.jitter", "0"));
        assertThat(waits(retry.createBackOff(), 6)).containsExactly(100L, 300L, 900L, 1000L, 1000L, 1000L);
    }

    @Test
    void unlimitedRetriesNeverStop() {
        SinkProperties.Retry retry = bind(Map.of("sink.retry.max-interval", "1ms", "sink.retry.jitter", "0"));
        assertThat(waits(retry.createBackOff(), 10_000)).hasSize(10_000).doesNotContain(BackOffExecution.STOP);
    }

    @Test
    void maxAttemptsCountsTheRetriesAfterTheFirstDelivery() {
        SinkProperties.Retry twice = bind(Map.of("sink.retry.max-attempts", "2", "sink.retry.jitter", "0"));
        assertThat(waits(twice.createBackOff(), 3)).containsExactly(500L, 1000L, BackOffExecution.STOP);
        SinkProperties.Retry never = bind(Map.of("sink.retry.max-attempts", "0"));
        assertThat(waits(never.createBackOff(), 1)).containsExactly(BackOffExecution.STOP);
    }

    @Test
    void jitterMovesEachWaitByAtMostItsAmount() {
        SinkProperties.Retry retry = bind(Map.of(
                "sink.retry.initial-interval", "1s",
                "sink.retry.multiplier", "1",
                "sink.retry.max-interval", "10s",
                "sink.retry.jitter", "200ms"));
        List<Long> waits = waits(retry.createBackOff(), 200);
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(800L, 1200L));
        assertThat(waits.stream().distinct().count())
                .as("jittered waits differ")
                .isGreaterThan(1);
    }

    private static SinkProperties.Retry bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("sink", SinkProperties.class)
                .retry();
    }

    private static List<Long> waits(BackOff backOff, int count) {
        BackOffExecution execution = backOff.start();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(execution.nextBackOff());
        }
        return waits;
    }
}
