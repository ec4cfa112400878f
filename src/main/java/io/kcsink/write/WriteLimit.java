package io.kcsink.write;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.BlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How many writes (statements or batches) may be in flight at once, over all listener threads. Fixed, it is
 * {@code sink.write.max-in-flight}. Adaptive (the default), it starts there and follows Cassandra: each write that
 * Cassandra answers as overloaded or timed out, or that takes longer than {@code sink.write.slow-write}, takes a tenth
 * off the limit (down to {@code sink.write.min-in-flight}); each write answered in time while at least half the limit
 * is in use adds one back (up to {@code max-in-flight}). This is the AIMD limit of Netflix's concurrency-limits.
 */
public abstract sealed class WriteLimit {

    /** A write's claim on the limit, given back once with what became of the write. */
    public interface Permit {

        /** The write completed: it succeeded, or failed for a reason that says nothing about Cassandra's load. */
        void completed();

        /** The write failed because Cassandra or the driver is overloaded or timed out. */
        void overloaded();
    }

    /** A limit of {@code maxInFlight} writes, always. */
    public static WriteLimit fixed(int maxInFlight) {
        return new Fixed(maxInFlight);
    }

    /**
     * A limit that backs off when writes are overloaded, time out or take longer than {@code slowWrite}, and grows back
     * while they do not.
     */
    public static WriteLimit adaptive(int minInFlight, int maxInFlight, Duration slowWrite) {
        return new Adaptive(minInFlight, maxInFlight, slowWrite);
    }

    /**
     * Waits until a write may be sent.
     *
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public abstract Permit acquire() throws InterruptedException;

    /** The most writes in flight now. */
    public abstract int limit();

    /** The writes in flight now. */
    public abstract int inFlight();

    /**
     * Whether a write's failure says that Cassandra or the driver has more than it can take: Cassandra's
     * {@code OverloadedException} and write timeouts, the driver's request timeout, a connection with no free stream;
     * also when every node tried answered one of these.
     */
    public static boolean isOverload(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OverloadedException
                    || t instanceof WriteTimeoutException
                    || t instanceof DriverTimeoutException
                    || t instanceof BusyConnectionException) {
                return true;
            }
            if (t instanceof AllNodesFailedException nodes
                    && !nodes.getAllErrors().isEmpty()) {
                boolean all = true;
                for (List<Throwable> errors : nodes.getAllErrors().values()) {
                    for (Throwable error : errors) {
                        all &= isOverload(error);
                    }
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final class Fixed extends WriteLimit {

        private final int max;
        private final Semaphore permits;

        Fixed(int max) {
            this.max = max;
            this.permits = new Semaphore(max);
        }

        @Override
        public Permit acquire() throws InterruptedException {
            permits.acquire();
            return new Permit() {
                @Override
                public void completed() {
                    permits.release();
                }

                @Override
                public void overloaded() {
                    permits.release();
                }
            };
        }

        @Override
        public int limit() {
            return max;
        }

        @Override
        public int inFlight() {
            return max - permits.availablePermits();
        }
    }

    private static final class Adaptive extends WriteLimit {

        private final SimpleLimiter<@Nullable Void> limiter;
        private final Limiter<@Nullable Void> blocking;

        Adaptive(int min, int max, Duration slowWrite) {
            AIMDLimit limit = AIMDLimit.newBuilder()
                    .initialLimit(max)
                    .minLimit(min)
                    .maxLimit(max)
                    .backoffRatio(0.9)
                    .timeout(slowWrite.toNanos(), TimeUnit.NANOSECONDS)
                    .build();
            this.limiter =
                    SimpleLimiter.newBuilder().named("sink-writes").limit(limit).build();
            this.blocking = BlockingLimiter.wrap(limiter, Duration.ofMinutes(30));
        }

        @Override
        public Permit acquire() throws InterruptedException {
            while (true) {
                Optional<Limiter.Listener> listener = blocking.acquire(null);
                if (listener.isPresent()) {
                    Limiter.Listener granted = listener.get();
                    return new Permit() {
                        @Override
                        public void completed() {
                            granted.onSuccess();
                        }

                        @Override
                        public void overloaded() {
                            granted.onDropped();
                        }
                    };
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting to write");
                }
            }
        }

        @Override
        public int limit() {
            return limiter.getLimit();
        }

        @Override
        public int inFlight() {
            return limiter.getInflight();
        }
    }
}
