package io.github.gort.testing;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A platform thread, outside every runtime, that releases a goroutine's blocking call after a bound when nothing
 * inside the runtime did: the test then fails on what it sees (who released the call) instead of hanging.
 * One per test; {@link #close} drops whatever has not run yet. Field table: the executor is its own.
 */
public final class Watchdog implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    /** A watchdog whose thread is named name (a daemon, so a stuck test cannot keep the JVM alive). */
    public Watchdog(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs rescue on the watchdog's thread after delay, unless the watchdog is closed first. */
    public void after(Duration delay, Runnable rescue) {
        executor.schedule(rescue, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
