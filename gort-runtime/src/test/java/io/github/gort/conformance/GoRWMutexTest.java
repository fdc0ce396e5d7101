package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.sync.Locker;
import io.github.gort.sync.RWMutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/sync/rwmutex_test.go} (Go 1.19) on gort's {@link RWMutex}. Go changes GOMAXPROCS inside the
 * test; so does this port, with {@link Go#gomaxprocs(int)}. Go 1.19 has no TestUnlockPanic/TestRUnlockPanic any
 * more: unlocking an unlocked RWMutex is fatal since Go 1.8 and is covered by GoMutexTest.testMutexMisuse.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoRWMutexTest {
    private static void parallelReader(RWMutex m, Chan<Boolean> clocked, Chan<Boolean> cunlock, Chan<Boolean> cdone) {
        m.rlock();
        clocked.send(true);
        cunlock.recv();
        m.runlock();
        cdone.send(true);
    }

    private static void doTestParallelReaders(int numReaders, int gomaxprocs) {
        Go.gomaxprocs(gomaxprocs);
        RWMutex m = new RWMutex();
        Chan<Boolean> clocked = Chan.make();
        Chan<Boolean> cunlock = Chan.make();
        Chan<Boolean> cdone = Chan.make();
        for (int i = 0; i < numReaders; i++) {
            Go.go(() -> parallelReader(m, clocked, cunlock, cdone));
        }
        // Wait for all parallel RLock()s to succeed.
        for (int i = 0; i < numReaders; i++) {
            clocked.recv();
        }
        for (int i = 0; i < numReaders; i++) {
            cunlock.send(true);
        }
        // Wait for the goroutines to finish.
        for (int i = 0; i < numReaders; i++) {
            cdone.recv();
        }
    }

    /** Go: src/sync/rwmutex_test.go TestParallelReaders. */
    @Test
    void testParallelReaders() {
        GoRun.main(() -> {
            doTestParallelReaders(1, 4);
            doTestParallelReaders(3, 4);
            doTestParallelReaders(4, 2);
        });
    }

    private static void reader(RWMutex rwm, int numIterations, AtomicInteger activity, Chan<Boolean> cdone) {
        for (int i = 0; i < numIterations; i++) {
            rwm.rlock();
            int n = activity.addAndGet(1);
            if (n < 1 || n >= 10000) {
                rwm.runlock();
                fail("wlock(%d)", n);
            }
            for (int k = 0; k < 100; k++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-1);
            rwm.runlock();
        }
        cdone.send(true);
    }

    private static void writer(RWMutex rwm, int numIterations, AtomicInteger activity, Chan<Boolean> cdone) {
        for (int i = 0; i < numIterations; i++) {
            rwm.lock();
            int n = activity.addAndGet(10000);
            if (n != 10000) {
                rwm.unlock();
                fail("wlock(%d)", n);
            }
            for (int k = 0; k < 100; k++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-10000);
            rwm.unlock();
        }
        cdone.send(true);
    }

    private static void hammerRWMutex(int gomaxprocs, int numReaders, int numIterations) {
        Go.gomaxprocs(gomaxprocs);
        // Number of active readers + 10000 * number of active writers.
        AtomicInteger activity = new AtomicInteger();
        RWMutex rwm = new RWMutex();
        Chan<Boolean> cdone = Chan.make();
        Go.go(() -> writer(rwm, numIterations, activity, cdone));
        int i;
        for (i = 0; i < numReaders / 2; i++) {
            Go.go(() -> reader(rwm, numIterations, activity, cdone));
        }
        Go.go(() -> writer(rwm, numIterations, activity, cdone));
        for (; i < numReaders; i++) {
            Go.go(() -> reader(rwm, numIterations, activity, cdone));
        }
        // Wait for the 2 writers and all readers to finish.
        for (int k = 0; k < 2 + numReaders; k++) {
            cdone.recv();
        }
    }

    /** Go: src/sync/rwmutex_test.go TestRWMutex (n = 1000 iterations per goroutine). */
    @Test
    void testRWMutex() {
        GoRun.main(() -> {
            int n = 1000;
            hammerRWMutex(1, 1, n);
            hammerRWMutex(1, 3, n);
            hammerRWMutex(1, 10, n);
            hammerRWMutex(4, 1, n);
            hammerRWMutex(4, 3, n);
            hammerRWMutex(4, 10, n);
            hammerRWMutex(10, 1, n);
            hammerRWMutex(10, 3, n);
            hammerRWMutex(10, 10, n);
            hammerRWMutex(10, 5, n);
        });
    }

    /** Go: src/sync/rwmutex_test.go TestRLocker. */
    @Test
    void testRLocker() {
        GoRun.main(() -> {
            RWMutex wl = new RWMutex();
            Locker rl = wl.rlocker();
            Chan<Boolean> wlocked = Chan.make(1);
            Chan<Boolean> rlocked = Chan.make(1);
            int n = 10;
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    rl.lock();
                    rl.lock();
                    rlocked.send(true);
                    wl.lock();
                    wlocked.send(true);
                }
            });
            for (int i = 0; i < n; i++) {
                rlocked.recv();
                rl.unlock();
                Select.of().recv(wlocked, v -> fail("RLocker() didn't read-lock it")).onDefault(() -> { }).run();
                rl.unlock();
                wlocked.recv();
                Select.of().recv(rlocked, v -> fail("RLocker() didn't respect the write lock"))
                        .onDefault(() -> { }).run();
                wl.unlock();
            }
        });
    }
}
