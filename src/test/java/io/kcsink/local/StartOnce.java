package io.kcsink.local;

import org.jspecify.annotations.Nullable;

/**
 * The start of infrastructure that every test class of the JVM shares. The Testcontainers extension calls
 * {@code start()} before each class with a {@code @Container} field on it: the first call starts, later ones return at
 * once, or fail at once with the first failure as their cause rather than wait out the same timeouts again. The
 * teardown belongs to a JVM shutdown hook, registered before the first start so that a half-started pair is stopped
 * too.
 */
final class StartOnce {

    private final String name;
    private final Runnable teardown;
    private boolean started;
    private @Nullable RuntimeException failure;

    StartOnce(String name, Runnable teardown) {
        this.name = name;
        this.teardown = teardown;
    }

    synchronized void start(Runnable start) {
        if (failure != null) {
            throw new IllegalStateException("The " + name + " failed to start earlier in this JVM", failure);
        }
        if (started) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(teardown, name.replace(' ', '-') + "-stop"));
        try {
            start.run();
            started = true;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
