package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.testing.TestRuntimes;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Go's program shape over {@link TestRuntimes}, the one helper that starts runtimes in tests: runs the body of one
 * ported Go test as the main goroutine of a fresh gort runtime, which TestRuntimes checks after (the scheduler
 * invariants hold and no M, sysmon or timer thread outlived it). A Go test function is a goroutine of its test
 * binary; here each one gets a runtime of its own, so {@code defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))}
 * becomes a runtime started with n Ps.
 *
 * <p>Go's {@code t.Fatal} inside any goroutine becomes a thrown AssertionError: an unrecovered panic that stops the
 * runtime; {@link #run} reports it as the AssertionError itself, so JUnit shows a failure, not an error.
 */
final class GoRun {
    /** How long a ported spin-wait may spin before the test fails instead of hanging (busy 2-core machine). */
    static final long SPIN_DEADLINE_NANOS = 20_000_000_000L;

    private GoRun() {}

    /** Runs main with Go's default GOMAXPROCS (the number of processors). */
    static GoRuntime main(Runnable main) {
        return run(Config.defaults(), main);
    }

    /** Runs main with gomaxprocs Ps (Go: {@code defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))}). */
    static GoRuntime withProcs(int gomaxprocs, Runnable main) {
        return run(Config.defaults().gomaxprocs(gomaxprocs), main);
    }

    /** Runs main, which gets its own runtime (for {@link GoRuntime#stats}); checks the runtime after. */
    static GoRuntime withRuntime(Config config, Consumer<GoRuntime> main) {
        return TestRuntimes.withRuntime(config, main);
    }

    /** Runs main with config (printPanics off); checks the runtime after, whether main failed or not. */
    static GoRuntime run(Config config, Runnable main) {
        return TestRuntimes.run(config, main);
    }

    /**
     * Runs main, which must end the runtime with a panic or a fatal error (Go's tests that run a testprog and
     * read its crash output). Returns what {@link GoRuntime#run} threw, after checking the runtime.
     */
    static Throwable failure(Config config, Runnable main) {
        return TestRuntimes.failure(config, main);
    }

    /**
     * Asserts that thrown is Go's {@code fatal error: <message>}: a FatalError, or, when the fatal error was raised
     * inside goroutine code, the GoPanic that carries it.
     */
    static void assertFatal(Throwable thrown, String message) {
        Throwable fatal = thrown instanceof GoPanic p && p.getCause() instanceof FatalError f ? f : thrown;
        assertThat(fatal).as("Go prints: fatal error: %s", message).isInstanceOf(FatalError.class);
        assertThat(((FatalError) fatal).goMessage()).contains("fatal error: " + message);
    }

    /** Go's {@code for !cond {}}: spins (without a runtime call) until cond, failing after a generous deadline. */
    static void spinUntil(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + SPIN_DEADLINE_NANOS;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still spinning after " + SPIN_DEADLINE_NANOS / 1_000_000_000 + " s: " + what);
            }
            Thread.onSpinWait();
        }
    }
}
