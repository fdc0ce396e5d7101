package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The goroutine-lifecycle tests of Go's {@code src/runtime/crash_test.go} (Go 1.19) with the testprog programs
 * they run ({@code src/runtime/testdata/testprog/deadlock.go}). Go runs each program in a subprocess and reads
 * its crash output; here each program is the main goroutine of its own runtime, and the crash is what
 * {@link io.github.gort.runtime.GoRuntime#run} throws: Go's {@code fatal error: ...} is a FatalError (or a GoPanic
 * carrying one, when goroutine code raised it), Go's {@code panic: ...} is a GoPanic. Go's {@code defer} is
 * {@code finally}, its {@code recover()} is {@code catch (RuntimeException e)} (a Goexit is not a RuntimeException,
 * so it is not recovered, as in Go).
 *
 * <p>Not ported: TestInitDeadlock and TestNoHelperGoroutines' init form (no package init in gort), TestLockedDeadlock
 * and TestLockedDeadlock2 (no LockOSThread), TestStackOverflow and TestThreadExhaustion (SetMaxStack,
 * SetMaxThreads), TestRecursivePanic* and TestPanicTraceback (Go's defer/recover chains and their printed form:
 * Java's exception semantics, not the runtime's), TestRecoverBeforePanicAfterGoexit and
 * TestRecoverBeforePanicAfterGoexit2 (in Go a recovered panic raised while Goexit runs the defers resumes the
 * Goexit; in Java an exception thrown from a finally block replaces the Goexit, and once caught the goroutine
 * continues, so the program cannot be written), and the tests about signals, core dumps, pprof and tracebacks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoCrashTest {
    private static final String GOEXIT_DEADLOCK = "no goroutines (main called runtime.Goexit) - deadlock!";

    /** Go: src/runtime/crash_test.go TestSimpleDeadlock, testprog SimpleDeadlock: {@code select {}} in main. */
    @Test
    void testSimpleDeadlock() {
        Throwable out = GoRun.failure(Config.defaults(), () -> Select.of().run());
        GoRun.assertFatal(out, "all goroutines are asleep - deadlock!");
    }

    /**
     * Go: src/runtime/crash_test.go TestGoexitDeadlock, testprog GoexitDeadlock: main calls Goexit while two short
     * goroutines run; when they are done no goroutine is left, which is fatal.
     */
    @Test
    void testGoexitDeadlock() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            Runnable f = () -> {
                for (int i = 0; i < 10; i++) {
                    Thread.onSpinWait();
                }
            };
            Go.go(f);
            Go.go(f);
            Go.goexit();
        });
        GoRun.assertFatal(out, GOEXIT_DEADLOCK);
    }

    /**
     * Go: src/runtime/crash_test.go TestGoexitCrash, testprog GoexitExit: Goexit in main after a goroutine that
     * sleeps 1 ms. Go's program also sets a finalizer and runs a GC first; gort has no finalizers, so those steps
     * are left out.
     */
    @Test
    void testGoexitCrash() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            Go.go(() -> Time.sleep(Duration.ofMillis(1)));
            Go.goexit();
        });
        GoRun.assertFatal(out, GOEXIT_DEADLOCK);
    }

    /** Go: src/runtime/crash_test.go TestGoexitDefer: deferred calls run during Goexit and recover() is nil. */
    @Test
    void testGoexitDefer() {
        GoRun.main(() -> {
            Chan<Boolean> c = Chan.make();
            Go.go(() -> {
                try {
                    Go.goexit();
                } catch (RuntimeException r) {
                    fail("non-nil recover during Goexit: %s", r);
                } finally {
                    c.send(true);
                }
            });
            // Note: if the defer fails to run, we will get a deadlock here
            c.recv();
        });
    }

    /**
     * Go: src/runtime/crash_test.go TestGoNil, testprog GoNil: {@code go f()} with a nil f is fatal,
     * "go of nil func value", even under a deferred recover.
     */
    @Test
    void testGoNil() {
        AtomicReference<RuntimeException> recovered = new AtomicReference<>();
        Throwable out;
        try {
            out = GoRun.failure(Config.defaults(), () -> {
                try {
                    Runnable f = null;
                    Go.go(f);
                    Select.of().run();
                } catch (RuntimeException e) {
                    recovered.set(e); // Go: defer func() { recover() }()
                }
            });
        } catch (AssertionError endedNormally) {
            throw new AssertionError("the program completed; go of a nil func was recovered as " + recovered.get()
                    + ", but Go makes it a fatal error", endedNormally);
        }
        GoRun.assertFatal(out, "go of nil func value");
    }

    /**
     * Go: src/runtime/crash_test.go TestMainGoroutineID, testprog MainGoroutineID: a panic in main is reported
     * for goroutine 1 ({@code panic: test}, then {@code goroutine 1 [running]:}).
     */
    @Test
    void testMainGoroutineID() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            throw new IllegalStateException("test");
        });
        assertThat(out).isInstanceOfSatisfying(GoPanic.class, p -> {
            assertThat(p.goid()).isEqualTo(1);
            assertThat(p.getCause()).hasMessage("test");
            assertThat(p.goTraceback()).startsWith("panic: ").contains("test\n\ngoroutine 1 [running]:\n");
        });
    }

    /**
     * Go: src/runtime/crash_test.go TestNoHelperGoroutines, testprog NoHelperGoroutines: with a pending AfterFunc
     * timer, the panic's traceback shows goroutine 1 and no runtime helper goroutine. (Go's program runs from
     * init and also sets a finalizer; gort has neither.)
     */
    @Test
    void testNoHelperGoroutines() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            Time.afterFunc(Duration.ofHours(1), () -> { });
            throw new IllegalStateException("oops");
        });
        assertThat(out).isInstanceOf(GoPanic.class);
        Matcher m = Pattern.compile("goroutine [0-9]+ \\[").matcher(((GoPanic) out).goTraceback());
        StringBuilder seen = new StringBuilder();
        int matches = 0;
        while (m.find()) {
            matches++;
            seen.append(m.group()).append(' ');
        }
        assertThat(matches).as("want to see only goroutine 1, see: %s", seen).isEqualTo(1);
        assertThat(seen.toString().trim()).isEqualTo("goroutine 1 [");
    }

    /**
     * Go: src/runtime/crash_test.go TestGoexitInPanic (issue 8774), testprog GoexitInPanic: a goroutine whose
     * deferred call Goexits during its panic ends quietly; main then Goexits with no goroutine left.
     */
    @Test
    void testGoexitInPanic() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            Go.go(() -> {
                try {
                    throw new IllegalStateException("hello");
                } finally {
                    Go.goexit();
                }
            });
            Go.goexit();
        });
        GoRun.assertFatal(out, GOEXIT_DEADLOCK);
    }

    /**
     * Go: src/runtime/crash_test.go TestRuntimePanicWithRuntimeError (issue 14965), its channel cases: the panics
     * of close of a closed channel, send on a closed channel, make with a negative size and close of a nil channel
     * are runtime errors. gort's counterparts are IllegalStateException and IllegalArgumentException with Go's
     * messages.
     */
    @Test
    void testRuntimePanicWithRuntimeError() {
        GoRun.main(() -> {
            assertThatThrownBy(() -> {
                Chan<Void> ch = Chan.make();
                ch.close();
                ch.close();
            }).isInstanceOf(IllegalStateException.class).hasMessage("close of closed channel");
            assertThatThrownBy(() -> {
                Chan<Void> ch = Chan.make();
                ch.close();
                ch.send(null);
            }).isInstanceOf(IllegalStateException.class).hasMessage("send on closed channel");
            assertThatThrownBy(() -> {
                int n = -1;
                Chan.make(n);
            }).isInstanceOf(IllegalArgumentException.class).hasMessage("makechan: size out of range");
            assertThatThrownBy(() -> Chan.<Boolean>nil().close())
                    .isInstanceOf(IllegalStateException.class).hasMessage("close of nil channel");
        });
    }

    /**
     * Go: src/runtime/crash_test.go TestPanicAfterGoexit, testprog PanicAfterGoexit: an uncaught panic in a call
     * deferred by Goexit still crashes the program ({@code panic: hello}).
     */
    @Test
    @SuppressWarnings("finally")
    void testPanicAfterGoexit() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            try {
                Go.goexit();
            } finally {
                throw new IllegalStateException("hello");
            }
        });
        assertThat(out).isInstanceOfSatisfying(GoPanic.class, p -> {
            assertThat(p.getCause()).hasMessage("hello");
            assertThat(p.goTraceback()).startsWith("panic: ").contains("hello");
        });
    }

    /**
     * Go: src/runtime/crash_test.go TestRecoveredPanicAfterGoexit, testprog RecoveredPanicAfterGoexit: a panic
     * recovered inside a call deferred by Goexit lets the Goexit finish, so main ends with no goroutine left.
     */
    @Test
    void testRecoveredPanicAfterGoexit() {
        Throwable out = GoRun.failure(Config.defaults(), () -> {
            try {
                Go.goexit();
            } finally {
                boolean recovered = false;
                try {
                    throw new IllegalStateException("hello");
                } catch (RuntimeException r) {
                    recovered = true;
                }
                if (!recovered) {
                    throw new IllegalStateException("bad recover");
                }
            }
        });
        GoRun.assertFatal(out, GOEXIT_DEADLOCK);
    }
}
