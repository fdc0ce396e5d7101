package io.github.gort.testing;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.GoroutineMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one way tests start a gort runtime. Every runtime started here is checked when its {@link GoRuntime#run}
 * returns, whether main ended normally, panicked or died of a fatal error: the scheduler invariants hold
 * ({@link Diagnosis#checkInvariants}) and no M, sysmon or timer thread outlived it. A failed check fails the test
 * at the run that broke it (with main's own failure attached, if any). A runtime whose run never came back to
 * the helper (the test was interrupted, a deadline passed) is checked after the test by
 * {@link RuntimeInvariantsExtension}.
 *
 * <p>Two shapes, as a Go test binary has them: {@link #run} for a program that must end normally (Go's test
 * function; an assertion that fails in any goroutine, Go's {@code t.Fatal}, is reported as that AssertionError so
 * JUnit shows a failure), and {@link #failure} / {@link #crash} for a program that must crash (Go's tests that run
 * a testprog and read how it died). Panics are not printed unless the test asks for the output ({@link #crash}).
 *
 * <p>Field table: {@code UNCHECKED} is written and read under the class lock, by the test thread and by runner
 * threads of {@link #failureWithin}.
 */
public final class TestRuntimes {
    private static final List<GoRuntime> UNCHECKED = new ArrayList<>();

    private TestRuntimes() {}

    /**
     * The test run's goroutine mode applied to config: {@code -Dgort.test.goroutines=continuation} (the
     * continuation-mode executions of the build) turns a config in the default mode into one in that mode; a
     * config that chose the continuation mode itself keeps it. Every runtime and model Sched of the tests that run
     * in both modes is made through this.
     */
    public static Config inTestMode(Config config) {
        String mode = System.getProperty("gort.test.goroutines");
        if (mode == null || mode.isBlank() || config.goroutineMode() != GoroutineMode.VIRTUAL_THREAD) {
            return config;
        }
        return config.goroutineMode(GoroutineMode.parse(mode));
    }

    /** Runs main on a new runtime with config; main must end normally. Returns the runtime, already checked. */
    public static GoRuntime run(Config config, Runnable main) {
        return withRuntime(config, rt -> main.run());
    }

    /** {@link #run(Config, Runnable)} with gomaxprocs Ps and otherwise the default configuration. */
    public static GoRuntime run(int gomaxprocs, Runnable main) {
        return run(Config.defaults().gomaxprocs(gomaxprocs), main);
    }

    /** Like {@link #run(Config, Runnable)}, for a main that needs its own runtime (stats, internals). */
    public static GoRuntime withRuntime(Config config, Consumer<GoRuntime> main) {
        GoRuntime rt = started(config.printPanics(false));
        Throwable failure = null;
        try {
            rt.run(() -> main.accept(rt));
        } catch (GoPanic p) {
            failure = p.getCause() instanceof AssertionError a
                    ? new AssertionError("goroutine " + p.goid() + ": " + a.getMessage(), a)
                    : p;
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        check(rt, failure);
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return rt;
    }

    /**
     * Runs main, which must end its runtime with a panic or a fatal error; returns what {@link GoRuntime#run}
     * threw, after checking the runtime. Fails if the runtime ended normally.
     */
    public static Throwable failure(Config config, Runnable main) {
        GoRuntime rt = started(config.printPanics(false));
        return crashed(rt, runCatching(rt, main));
    }

    /** {@link #failure}, failing the test if the runtime has not ended within deadline (a hang is the bug). */
    public static Throwable failureWithin(Duration deadline, Config config, Runnable main) throws InterruptedException {
        GoRuntime rt = started(config.printPanics(false));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread runner = new Thread(() -> outcome.set(runCatching(rt, main)), "test-runtime-run");
        runner.start();
        runner.join(deadline.toMillis());
        if (runner.isAlive()) {
            runner.interrupt();                          // stops the runtime: run throws CancellationException
            runner.join(deadline.toMillis());
            throw new AssertionError("the runtime hung for " + deadline.toMillis() + " ms instead of ending ("
                    + outcome.get() + ")");
        }
        return crashed(rt, outcome.get());
    }

    /** What a crashed program left: the throwable run threw and what the runtime printed on stderr. */
    public record Crash(Throwable thrown, String stderr) {}

    /**
     * Runs main with panic and fatal-error reports printed (as config says), capturing stderr; main must crash.
     * For tests of what the runtime prints (Go's crash tests read the testprog's output).
     */
    public static Crash crash(Config config, Runnable main) {
        GoRuntime rt = started(config);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Throwable thrown;
        try {
            thrown = runCatching(rt, main);
        } finally {
            System.setErr(saved);
        }
        return new Crash(crashed(rt, thrown), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * For the few tests that must build the runtime themselves: registers rt for the after-test check. Prefer
     * {@link #run}, {@link #failure} or {@link #withRuntime}, which check it at once.
     */
    public static synchronized void register(GoRuntime rt) {
        UNCHECKED.add(rt);
    }

    /** Scale factor for stress sizes: -Dgort.stress=N (default 1). */
    public static int stress() {
        return Integer.getInteger("gort.stress", 1);
    }

    /** The runtimes not yet checked (the extension checks them after the test); empties the list. */
    static synchronized List<GoRuntime> drain() {
        List<GoRuntime> out = new ArrayList<>(UNCHECKED);
        UNCHECKED.clear();
        return out;
    }

    /** Checks rt now: the invariants hold and no thread of it is alive. */
    static void check(GoRuntime rt) {
        Diagnosis.checkInvariants(rt);
        List<Thread> left = rt.leftoverThreads();
        if (!left.isEmpty()) {
            throw new AssertionError("threads left after shutdown: " + left);
        }
    }

    private static GoRuntime started(Config config) {
        GoRuntime rt = new GoRuntime(inTestMode(config));
        register(rt);
        return rt;
    }

    private static Throwable runCatching(GoRuntime rt, Runnable main) {
        try {
            rt.run(main);
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    private static Throwable crashed(GoRuntime rt, Throwable thrown) {
        try {
            check(rt, null);     // a broken invariant or a leftover thread fails the test even though main crashed
        } catch (RuntimeException | Error e) {
            if (thrown != null) {
                e.addSuppressed(thrown);
            }
            throw e;
        }
        if (thrown == null) {
            throw new AssertionError("the runtime ended normally; the program was expected to panic or die of a"
                    + " fatal error");
        }
        return thrown;
    }

    /** Checks rt and unregisters it; a failed check is thrown, or attached to failure if main failed too. */
    private static void check(GoRuntime rt, Throwable failure) {
        synchronized (TestRuntimes.class) {
            UNCHECKED.remove(rt);
        }
        try {
            check(rt);
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
