package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.internal.chan.Sema;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Starting, ending, panics, deadlock detection, misuse from plain threads, and configuration errors. */
class LifecycleTest {
    private static final Config TWO = Config.defaults().gomaxprocs(2);

    @Test
    void mainGoroutineIsOneAndGoroutinesGetFreshIds() {
        AtomicLong main = new AtomicLong();
        AtomicLong child = new AtomicLong();
        TestRuntimes.run(TWO, () -> {
            main.set(Go.goid());
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                child.set(Go.goid());
                wg.done();
            });
            wg.await();
        });
        assertThat(main.get()).isEqualTo(1);
        assertThat(child.get()).isGreaterThan(1);
    }

    @Test
    void exceptionInGoroutineIsAPanicThatStopsTheRuntime() {
        assertThat(TestRuntimes.failure(TWO, () -> {
            Go.go(() -> {
                throw new IllegalStateException("boom");
            });
            WaitGroup forever = new WaitGroup();
            forever.add(1);
            forever.await();
        }))
                .isInstanceOfSatisfying(GoPanic.class, p -> {
                    assertThat(p.goid()).isGreaterThan(1);
                    assertThat(p.getCause()).hasMessage("boom");
                    assertThat(p.goTraceback())
                            .startsWith("panic: java.lang.IllegalStateException: boom\n\ngoroutine " + p.goid() + " [running]:\n")
                            .contains("LifecycleTest");
                });
    }

    @Test
    void allGoroutinesAsleepIsFatal() {
        assertThat(TestRuntimes.failure(TWO, () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> new WaitGroup().await());   // returns at once: counter 0
            wg.await();                              // nobody will call done
        }))
                .isInstanceOf(FatalError.class)
                .hasMessage("all goroutines are asleep - deadlock!");
    }

    @Test
    void deadlockIsNotReportedWhileAGoroutineIsInASyscall() throws Exception {
        AtomicLong slept = new AtomicLong();
        TestRuntimes.run(TWO, () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                try {
                    Go.syscall(() -> {
                        Thread.sleep(50);
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                slept.incrementAndGet();
                wg.done();
            });
            wg.await();                              // only the syscall goroutine can wake us
        });
        assertThat(slept.get()).isEqualTo(1);
    }

    @Test
    void goroutineOnlyCallsFromAPlainThreadSaySo() {
        assertThatThrownBy(() -> Go.go(() -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Go.go must be called from a goroutine")
                .hasMessageContaining("GoRuntime.run");
        assertThatThrownBy(Go::gosched).isInstanceOf(IllegalStateException.class).hasMessageContaining("Go.gosched");
        assertThatThrownBy(() -> new Sema(0).acquire()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Sema.acquire");
        assertThat(Go.inGoroutine()).isFalse();
    }

    @Test
    void aRuntimeRunsOnce() {
        GoRuntime rt = TestRuntimes.run(TWO, () -> { });
        assertThatThrownBy(() -> rt.run(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already run");
    }

    @Test
    void gomaxprocsIsValidated() {
        assertThat(Config.fromEnvironment(Map.of("GOMAXPROCS", "3"), k -> null, w -> { }).gomaxprocs()).isEqualTo(3);
        assertThat(Config.fromEnvironment(Map.of("GOMAXPROCS", "3"), k -> k.equals("gort.gomaxprocs") ? "5" : null, w -> { })
                .gomaxprocs()).as("system property beats the environment").isEqualTo(5);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("GOMAXPROCS", "0"), k -> null, w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOMAXPROCS=0 is out of range")
                .hasMessageContaining("from 1 to 1024");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("GOMAXPROCS", "-2"), k -> null, w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("GOMAXPROCS", "two"), k -> null, w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOMAXPROCS=two is not a number");
        assertThatThrownBy(() -> Config.defaults().gomaxprocs(100_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void godebugIsParsedLikeGo() {
        StringBuilder warnings = new StringBuilder();
        GoDebug d = GoDebug.parse("schedtrace=200,scheddetail=1,bogus=3", warnings::append);
        assertThat(d.schedtrace()).isEqualTo(200);
        assertThat(d.scheddetail()).isTrue();
        assertThat(warnings).contains("unknown setting 'bogus'");
        assertThatThrownBy(() -> GoDebug.parse("schedtrace=-1", w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedtrace=-1 is negative");
        assertThatThrownBy(() -> GoDebug.parse("schedtrace=soon", w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedtrace=soon is not a number");
        assertThatThrownBy(() -> GoDebug.parse("schedtrace", w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not key=value");
    }

    @Test
    void gomaxprocsChangesAtRunTimeUnderStopTheWorld() {
        int[] seen = new int[3];
        GoRuntime rt = TestRuntimes.run(TWO, () -> {
            seen[0] = Go.gomaxprocs();
            seen[1] = Go.gomaxprocs(4);
            seen[2] = Go.gomaxprocs();
            WaitGroup wg = new WaitGroup();
            wg.add(100);
            for (int i = 0; i < 100; i++) {
                Go.go(() -> { Go.gosched(); wg.done(); });
            }
            Go.gomaxprocs(1);
            wg.await();
        });
        assertThat(seen).containsExactly(2, 2, 4);
        assertThat(rt.stats().stwRounds()).isEqualTo(2);
    }
}
