package io.github.gort.runtime;

import io.github.gort.internal.scheduler.Runq;
import io.github.gort.internal.scheduler.World;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a gort runtime is set up. Immutable; each {@code with}-style method returns a changed copy.
 *
 * <p>{@link #fromEnvironment()} reads Go's variables, with Java system properties taking precedence:
 * <pre>
 * setting      environment   system property    default
 * GOMAXPROCS   GOMAXPROCS    gort.gomaxprocs    the number of processors
 * GODEBUG      GODEBUG       gort.godebug       (none); goroutines=continuation selects the goroutine mode
 * GOGC         GOGC          gort.gogc          100
 * GOTRACEBACK  GOTRACEBACK   gort.gotraceback   single (a panic prints the panicking goroutine; see Traceback)
 * </pre>
 * Precedence: a value set through this API, then the system property, then the environment, then the default.
 */
public final class Config {
    private final int gomaxprocs;
    private final GoDebug godebug;
    private final int gogc;
    private final int runqCapacity;
    private final boolean printPanics;
    private final Duration shutdownTimeout;
    private final GoroutineMode goroutineMode;
    private final Traceback traceback;

    private Config(int gomaxprocs, GoDebug godebug, int gogc, int runqCapacity,
                   boolean printPanics, Duration shutdownTimeout, GoroutineMode goroutineMode, Traceback traceback) {
        this.gomaxprocs = gomaxprocs;
        this.godebug = godebug;
        this.gogc = gogc;
        this.runqCapacity = runqCapacity;
        this.printPanics = printPanics;
        this.shutdownTimeout = shutdownTimeout;
        this.goroutineMode = goroutineMode;
        this.traceback = traceback;
    }

    /** Defaults only: GOMAXPROCS = number of processors, no GODEBUG, GOGC=100. Ignores the environment. */
    public static Config defaults() {
        return new Config(Runtime.getRuntime().availableProcessors(), GoDebug.NONE, 100, Runq.DEFAULT_CAPACITY,
                true, Duration.ofSeconds(5), GoroutineMode.VIRTUAL_THREAD, Traceback.SINGLE);
    }

    /** Defaults overridden by GOMAXPROCS, GODEBUG, GOGC and the gort.* system properties. */
    public static Config fromEnvironment() {
        return fromEnvironment(System.getenv(), System::getProperty, System.err::println);
    }

    /** As {@link #fromEnvironment()}, from the given sources (for tests). */
    public static Config fromEnvironment(Map<String, String> env, java.util.function.UnaryOperator<String> props,
                                         Consumer<String> warn) {
        Config c = defaults();
        String procs = firstNonNull(props.apply("gort.gomaxprocs"), env.get("GOMAXPROCS"));
        if (procs != null && !procs.isBlank()) {
            c = c.gomaxprocs(parseGomaxprocs(procs));
        }
        String debug = firstNonNull(props.apply("gort.godebug"), env.get("GODEBUG"));
        c = c.godebug(GoDebug.parse(debug, warn));
        String mode = GoDebug.setting(debug, "goroutines");
        if (mode != null) {
            c = c.goroutineMode(GoroutineMode.parse(mode));
        }
        String gogc = firstNonNull(props.apply("gort.gogc"), env.get("GOGC"));
        if (gogc != null && !gogc.isBlank()) {
            c = c.gogc(parseGogc(gogc));
        }
        String traceback = firstNonNull(props.apply("gort.gotraceback"), env.get("GOTRACEBACK"));
        if (traceback != null) {
            c = c.traceback(Traceback.parse(traceback));
        }
        return c;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    static int parseGomaxprocs(String s) {
        try {
            return checkGomaxprocs(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GOMAXPROCS=" + s + " is not a number; set it to a whole number from 1 to "
                    + World.MAX_GOMAXPROCS + " (default: the number of processors, "
                    + Runtime.getRuntime().availableProcessors() + " here)", e);
        }
    }

    private static int checkGomaxprocs(int n) {
        if (n < 1 || n > World.MAX_GOMAXPROCS) {
            throw new IllegalArgumentException("GOMAXPROCS=" + n + " is out of range; set it to a whole number from 1 to "
                    + World.MAX_GOMAXPROCS + " (default: the number of processors, "
                    + Runtime.getRuntime().availableProcessors() + " here)");
        }
        return n;
    }

    static int parseGogc(String s) {
        if (s.trim().equalsIgnoreCase("off")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 0) {
                throw new IllegalArgumentException("GOGC=" + s + " is negative; use a percentage (100 is the default) or off");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GOGC=" + s + " is not a number; use a percentage (100 is the default) or off", e);
        }
    }

    public int gomaxprocs() {
        return gomaxprocs;
    }

    /** The number of Ps, 1 to 1024. */
    public Config gomaxprocs(int n) {
        return new Config(checkGomaxprocs(n), godebug, gogc, runqCapacity, printPanics, shutdownTimeout, goroutineMode, traceback);
    }

    public GoDebug godebug() {
        return godebug;
    }

    public Config godebug(GoDebug d) {
        return new Config(gomaxprocs, Objects.requireNonNull(d), gogc, runqCapacity, printPanics, shutdownTimeout, goroutineMode, traceback);
    }

    /** GOGC: heap growth (percent) that triggers a collection; -1 means off. */
    public int gogc() {
        return gogc;
    }

    public Config gogc(int percent) {
        if (percent < -1) {
            throw new IllegalArgumentException("GOGC=" + percent + " is invalid; use a percentage, or -1 for off");
        }
        return new Config(gomaxprocs, godebug, percent, runqCapacity, printPanics, shutdownTimeout, goroutineMode, traceback);
    }

    public int runqCapacity() {
        return runqCapacity;
    }

    /** Local run queue size (Go: 256); a power of two. Small values let tests reach overflow. */
    public Config runqCapacity(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2, got " + capacity);
        }
        return new Config(gomaxprocs, godebug, gogc, capacity, printPanics, shutdownTimeout, goroutineMode, traceback);
    }

    public boolean printPanics() {
        return printPanics;
    }

    /**
     * Whether a panic or fatal error is printed to standard error in Go's format before {@link GoRuntime#run}
     * throws it (default true, as Go prints). Library users who handle the exception may turn it off.
     */
    public Config printPanics(boolean print) {
        return new Config(gomaxprocs, godebug, gogc, runqCapacity, print, shutdownTimeout, goroutineMode, traceback);
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How long {@link GoRuntime#run} waits for M threads to end after the runtime stops (default 5 s). */
    public Config shutdownTimeout(Duration d) {
        return new Config(gomaxprocs, godebug, gogc, runqCapacity, printPanics, Objects.requireNonNull(d), goroutineMode, traceback);
    }

    public GoroutineMode goroutineMode() {
        return goroutineMode;
    }

    /**
     * What a goroutine's stack is: a JDK virtual thread scheduled by gort (the default), or a raw continuation
     * ({@code GODEBUG=goroutines=continuation}). See {@link GoroutineMode}.
     */
    public Config goroutineMode(GoroutineMode mode) {
        return new Config(gomaxprocs, godebug, gogc, runqCapacity, printPanics, shutdownTimeout,
                Objects.requireNonNull(mode), traceback);
    }

    public Traceback traceback() {
        return traceback;
    }

    /**
     * How much an unrecovered panic prints (Go's {@code GOTRACEBACK}; default {@link Traceback#SINGLE}, the
     * panicking goroutine). A fatal error prints every goroutine unless this is {@link Traceback#NONE}.
     */
    public Config traceback(Traceback level) {
        return new Config(gomaxprocs, godebug, gogc, runqCapacity, printPanics, shutdownTimeout, goroutineMode,
                Objects.requireNonNull(level));
    }

    @Override
    public String toString() {
        return "Config[GOMAXPROCS=" + gomaxprocs + ", GODEBUG=" + godebug + ", GOGC=" + gogc
                + ", goroutines=" + goroutineMode.godebugValue() + ", GOTRACEBACK=" + traceback.goName() + "]";
    }
}
