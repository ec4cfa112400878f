package io.kcsink.ops;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the lag computation and the progress log on one daemon thread of their own, from the start of the context to
 * its stop; a slow admin call delays the next run instead of piling runs up.
 */
public final class OpsSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpsSchedule.class);

    private final Runnable lag;
    private final Duration lagInterval;
    private final Runnable progress;
    private final Duration progressInterval;
    private volatile @Nullable ScheduledExecutorService executor;

    public OpsSchedule(Runnable lag, Duration lagInterval, Runnable progress, Duration progressInterval) {
        this.lag = lag;
        this.lagInterval = lagInterval;
        this.progress = progress;
        this.progressInterval = progressInterval;
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sink-ops");
            thread.setDaemon(true);
            return thread;
        });
        scheduled.scheduleWithFixedDelay(guarded(lag), 0, lagInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (!progressInterval.isZero() && !progressInterval.isNegative()) {
            long millis = progressInterval.toMillis();
            scheduled.scheduleAtFixedRate(guarded(progress), millis, millis, TimeUnit.MILLISECONDS);
        }
        executor = scheduled;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService scheduled = executor;
        if (scheduled != null) {
            scheduled.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    // A scheduled task that throws is never run again; one failed run must not end the lag or the progress line.
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException ex) {
                log.warn(
                        "periodic task failed: task={} reason=\"{}\"",
                        task.getClass().getSimpleName(),
                        ex.toString());
            }
        };
    }
}
