package io.github.gort.internal.scheduler;

/**
 * The callback {@code gopark} runs on the M loop after the G is {@code _Gwaiting} (Go: the {@code unlockf} of
 * gopark). Returning false cancels the park: the G runs again at once. It must not block or yield.
 */
@FunctionalInterface
public interface ParkUnlock {
    boolean unlock(G gp, Object lock);
}
