package io.github.gort.internal.scheduler;

/**
 * The debug switch. When {@link #CHECKS} is on, ownership rules and state transitions are checked on every use
 * (Go's always-on {@code throw}s, plus owner assertions Go leaves to its race detector and lock ranking).
 *
 * <p>On with {@code -Dgort.debug=true} (the test runner sets it) or with {@code -ea}. The flag is a static final
 * constant, so the JIT removes every {@code if (Debug.CHECKS)} block when it is off.
 */
public final class Debug {
    /** True when ownership and transition checks run. */
    public static final boolean CHECKS = Boolean.getBoolean("gort.debug") || assertionsEnabled();

    private Debug() {}

    @SuppressWarnings({"AssertWithSideEffects", "all"})
    private static boolean assertionsEnabled() {
        boolean on = false;
        assert on = true;
        return on;
    }
}
