package io.kcsink.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many failed records a route may log at WARN per window, so that a stream of bad records does not flood the log:
 * the first ones of each window are logged in full, the rest at DEBUG. Each is still counted and dead-lettered.
 */
final class FailureLogBudget {

    /** What to do with one failure. */
    enum Verdict {
        /** Within the budget: log it. */
        LOG,
        /** The first one over the budget: log it and say that the rest of the window goes to DEBUG. */
        LOG_LAST,
        /** Over the budget: DEBUG only. */
        QUIET
    }

    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailureLogBudget(int perWindow, Duration window, LongSupplier nanoClock) {
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    Verdict take(String route) {
        return windows.computeIfAbsent(route, r -> new Window()).take(nanoClock.getAsLong());
    }

    private final class Window {
        private long start = Long.MIN_VALUE;
        private int used;

        synchronized Verdict take(long now) {
            if (start == Long.MIN_VALUE || now - start >= windowNanos) {
                start = now;
                used = 0;
            }
            used++;
            if (used < perWindow) {
                return Verdict.LOG;
            }
            return used == perWindow ? Verdict.LOG_LAST : Verdict.QUIET;
        }
    }
}
