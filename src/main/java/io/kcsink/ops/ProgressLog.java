package io.kcsink.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one progress line per interval while records flow: the write rate, the totals and the lag. An idle sink logs
 * nothing, so the line's absence in a busy period is itself a signal.
 */
public final class ProgressLog implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final SinkMetrics metrics;
    private final ConsumerLag lag;
    private SinkMetrics.Counts last = new SinkMetrics.Counts(0, 0, 0, 0, 0);
    private long lastNanos = System.nanoTime();

    public ProgressLog(SinkMetrics metrics, ConsumerLag lag) {
        this.metrics = metrics;
        this.lag = lag;
    }

    @Override
    public void run() {
        SinkMetrics.Counts now = metrics.totals();
        long nanos = System.nanoTime();
        boolean flowing = !now.equals(last);
        if (flowing) {
            double seconds = Math.max(1e-9, (nanos - lastNanos) / 1e9);
            log.info(
                    "progress: records_per_second={} written_total={} lag={} dead_lettered_total={} skipped_total={}"
                            + " filtered_total={}",
                    Math.round((now.written() - last.written()) / seconds),
                    now.written(),
                    lag.snapshot().total(),
                    now.deadLettered(),
                    now.skipped(),
                    now.filtered());
        }
        last = now;
        lastNanos = nanos;
    }
}
