package io.github.gort.runtime;

/**
 * What a goroutine's stack is. Set with {@link Config#goroutineMode(GoroutineMode)} or {@code GODEBUG=goroutines=...}
 * ({@code virtualthread}, the default, or {@code continuation}).
 *
 * <p>Either way Go's scheduler runs the goroutines: Ps, Ms, run queues with runnext, stealing, spinning, sysmon,
 * {@code forEachP}, stop-the-world. The modes differ in the Java thread a goroutine's code sees.
 */
public enum GoroutineMode {
    /**
     * Each goroutine is a JDK virtual thread whose scheduler is gort: its own {@code Thread.currentThread()},
     * {@code ThreadLocal}s and lock ownership, and {@code ReentrantLock}, {@code synchronized},
     * {@code BlockingQueue}, {@code Thread.sleep} and socket I/O park the goroutine and free its M and P. Needs
     * {@link GoRuntime#opensFlag()} on the JVM's command line as well as {@link GoRuntime#exportsFlag()}.
     */
    VIRTUAL_THREAD("virtualthread"),
    /**
     * Each goroutine is a raw continuation mounted on its M's platform thread: slightly cheaper switches, but the
     * goroutine shares its M's thread identity, so thread-bound Java (locks, monitors, {@code ThreadLocal}s) and
     * blocking calls outside {@code Go.syscall} misbehave. For programs that touch no thread identity.
     */
    CONTINUATION("continuation");

    private final String godebugValue;

    GoroutineMode(String godebugValue) {
        this.godebugValue = godebugValue;
    }

    /** The value of the {@code GODEBUG} key {@code goroutines} that selects this mode. */
    public String godebugValue() {
        return godebugValue;
    }

    /**
     * The mode named by a {@code GODEBUG=goroutines=} value.
     *
     * @throws IllegalArgumentException for any other value, listing the accepted ones
     */
    public static GoroutineMode parse(String value) {
        for (GoroutineMode m : values()) {
            if (m.godebugValue.equals(value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("GODEBUG: goroutines=" + value + " is not a goroutine mode; use"
                + " goroutines=virtualthread (the default: each goroutine a JDK virtual thread) or"
                + " goroutines=continuation (raw continuations sharing their M's thread)");
    }
}
