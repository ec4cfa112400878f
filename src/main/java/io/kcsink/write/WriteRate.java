package io.kcsink.write;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The optional cap on what one instance writes per second, in rows ({@code sink.write.max-rows-per-second}) and in
 * bytes of bound values ({@code sink.write.max-bytes-per-second}): a write waits until both allow it, so a backlog
 * drains at the cap and the consumer slows down with it. Over resilience4j's rate limiter, which hands out a tenth of
 * the second's budget every 100 ms (the whole budget every second when it is not a multiple of 10) and lets a batch
 * larger than one period's budget wait for as many periods as it needs.
 */
public final class WriteRate {

    /** No cap. */
    public static final WriteRate UNLIMITED = new WriteRate(null, null);

    private final @Nullable RateLimiter rows;
    private final @Nullable RateLimiter bytes;

    private WriteRate(@Nullable RateLimiter rows, @Nullable RateLimiter bytes) {
        this.rows = rows;
        this.bytes = bytes;
    }

    /**
     * A cap of {@code rowsPerSecond} rows and {@code bytesPerSecond} bytes per second; null where there is none.
     *
     * @throws IllegalArgumentException when a cap is below 1
     */
    public static WriteRate of(@Nullable Integer rowsPerSecond, @Nullable Integer bytesPerSecond) {
        if (rowsPerSecond == null && bytesPerSecond == null) {
            return UNLIMITED;
        }
        return new WriteRate(limiter("sink-rows", rowsPerSecond), limiter("sink-bytes", bytesPerSecond));
    }

    private static @Nullable RateLimiter limiter(String name, @Nullable Integer perSecond) {
        if (perSecond == null) {
            return null;
        }
        if (perSecond < 1) {
            throw new IllegalArgumentException(name + " per second is " + perSecond + "; it must be at least 1");
        }
        boolean tenths = perSecond % 10 == 0;
        return RateLimiter.of(
                name,
                RateLimiterConfig.custom()
                        .limitRefreshPeriod(tenths ? Duration.ofMillis(100) : Duration.ofSeconds(1))
                        .limitForPeriod(tenths ? perSecond / 10 : perSecond)
                        // A write waits as long as the cap says; it is never refused.
                        .timeoutDuration(Duration.ofDays(1))
                        .build());
    }

    /** Whether a cap is set. */
    public boolean limits() {
        return rows != null || bytes != null;
    }

    /**
     * Waits until the cap allows writing {@code rowCount} rows of {@code byteCount} bytes; returns at once without a
     * cap. {@code byteCount} is asked for only under a cap on bytes.
     */
    void acquire(int rowCount, LongSupplier byteCount) throws InterruptedException {
        if (rows != null) {
            await(rows, rowCount);
        }
        if (bytes != null) {
            await(bytes, (int) Math.min(Integer.MAX_VALUE, Math.max(1, byteCount.getAsLong())));
        }
    }

    private static void await(RateLimiter limiter, int permits) throws InterruptedException {
        if (!limiter.acquirePermission(permits)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the write rate cap");
            }
            throw new IllegalStateException("the write rate cap refused " + permits + " permits");
        }
    }
}
