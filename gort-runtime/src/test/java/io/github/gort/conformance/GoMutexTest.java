package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.sync.Mutex;
import io.github.gort.sync.RWMutex;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's {@code src/sync/mutex_test.go} (Go 1.18/1.19, with TryLock) on gort's {@link Mutex} and {@link RWMutex}.
 *
 * <p>Not ported: {@code TestSemaphore} (it drives {@code runtime_Semacquire}/{@code runtime_Semrelease}, which gort
 * keeps package-private in {@code Sema}), the mutex profile rate that {@code TestMutex} sets (gort has no mutex
 * profile), and the benchmarks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoMutexTest {
    private static void hammerMutex(Mutex m, int loops, Chan<Boolean> cdone) {
        for (int i = 0; i < loops; i++) {
            if (i % 3 == 0) {
                if (m.tryLock()) {
                    m.unlock();
                }
                continue;
            }
            m.lock();
            m.unlock();
        }
        cdone.send(true);
    }

    /** Go: src/sync/mutex_test.go TestMutex (10 goroutines x 1000 loops, a third of them TryLock). */
    @Test
    void testMutex() {
        GoRun.main(() -> {
            Mutex m = new Mutex();
            m.lock();
            if (m.tryLock()) {
                fail("TryLock succeeded with mutex locked");
            }
            m.unlock();
            if (!m.tryLock()) {
                fail("TryLock failed with mutex unlocked");
            }
            m.unlock();
            Chan<Boolean> c = Chan.make();
            for (int i = 0; i < 10; i++) {
                Go.go(() -> hammerMutex(m, 1000, c));
            }
            for (int i = 0; i < 10; i++) {
                c.recv();
            }
        });
    }

    /** Go: src/sync/mutex_test.go misuseTests. */
    private static void misuse(String name) {
        switch (name) {
            case "Mutex.Unlock" -> new Mutex().unlock();
            case "Mutex.Unlock2" -> {
                Mutex mu = new Mutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
            case "RWMutex.Unlock" -> new RWMutex().unlock();
            case "RWMutex.Unlock2" -> {
                RWMutex mu = new RWMutex();
                mu.rlock();
                mu.unlock();
            }
            case "RWMutex.Unlock3" -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
            case "RWMutex.RUnlock" -> new RWMutex().runlock();
            case "RWMutex.RUnlock2" -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.runlock();
            }
            case "RWMutex.RUnlock3" -> {
                RWMutex mu = new RWMutex();
                mu.rlock();
                mu.runlock();
                mu.runlock();
            }
            default -> throw new IllegalArgumentException("unknown test " + name);
        }
    }

    /**
     * Go: src/sync/mutex_test.go TestMutexMisuse. Go runs each misuse in a subprocess that recovers any panic and
     * then exits 0; the test wants the process to fail anyway, with a message about the unlocked lock: misuse is
     * a fatal error ({@code throw}), which {@code recover} cannot catch. Here the subprocess is a runtime whose
     * main catches every RuntimeException (recover); the runtime must still end with a FatalError mentioning
     * "unlocked".
     */
    @ParameterizedTest
    @ValueSource(strings = {"Mutex.Unlock", "Mutex.Unlock2", "RWMutex.Unlock", "RWMutex.Unlock2", "RWMutex.Unlock3",
            "RWMutex.RUnlock", "RWMutex.RUnlock2", "RWMutex.RUnlock3"})
    void testMutexMisuse(String name) {
        AtomicReference<RuntimeException> recovered = new AtomicReference<>();
        Throwable out;
        try {
            out = GoRun.failure(Config.defaults(), () -> {
                try {
                    misuse(name);
                } catch (RuntimeException e) {
                    recovered.set(e); // Go: defer func() { recover() }()
                }
                // Go: fmt.Printf("test completed\n"); os.Exit(0)
            });
        } catch (AssertionError endedNormally) {
            throw new AssertionError(name + ": the program completed; the misuse was recovered as " + recovered.get()
                    + ", but Go makes it a fatal error", endedNormally);
        }
        Throwable fatal = out instanceof GoPanic p && p.getCause() instanceof FatalError f ? f : out;
        assertThat(fatal).as("%s: did not find failure with message about unlocked lock", name)
                .isInstanceOf(FatalError.class).hasMessageContaining("unlocked");
    }

    /**
     * Go: src/sync/mutex_test.go TestMutexFairness: a waiter gets the mutex 10 times within 10 s. Go runs it at
     * GOMAXPROCS = NumCPU (2 here); GOMAXPROCS 1 is added, where the woken waiter always races the running hammer.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testMutexFairness(int procs) {
        GoRun.withProcs(procs, () -> {
            Mutex mu = new Mutex();
            Chan<Boolean> stop = Chan.make();
            try {
                Go.go(() -> {
                    boolean[] stopped = {false};
                    while (!stopped[0]) {
                        mu.lock();
                        Time.sleep(Duration.ofNanos(100_000));
                        mu.unlock();
                        Select.of().recv(stop, v -> stopped[0] = true).onDefault(() -> { }).run();
                    }
                });
                Chan<Boolean> done = Chan.make(1);
                Go.go(() -> {
                    for (int i = 0; i < 10; i++) {
                        Time.sleep(Duration.ofNanos(100_000));
                        mu.lock();
                        mu.unlock();
                    }
                    done.send(true);
                });
                Select.of().recv(done)
                        .recv(Time.after(Duration.ofSeconds(10)), t -> fail("can't acquire Mutex in 10 seconds"))
                        .run();
            } finally {
                stop.close();
            }
        });
    }
}
