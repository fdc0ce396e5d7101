package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.sync.Cond;
import io.github.gort.sync.Mutex;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/sync/cond_test.go} on gort's {@link Cond}. Not ported: {@code TestCondCopy} (a Go struct copied
 * by value must panic "sync.Cond is copied"; Java objects are never copied implicitly) and the benchmarks.
 * Variables shared under the mutex are plain fields, as Go's are; the mutex orders their accesses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoCondTest {
    /** Go: src/sync/cond_test.go TestCondSignal. */
    @Test
    void testCondSignal() {
        GoRun.main(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 2;
            Chan<Boolean> running = Chan.make(n);
            Chan<Boolean> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(true);
                    m.unlock();
                });
            }
            for (int i = 0; i < n; i++) {
                running.recv(); // Wait for everyone to run.
            }
            for (int left = n; left > 0; left--) {
                Select.of().recv(awake, v -> fail("goroutine not asleep")).onDefault(() -> { }).run();
                m.lock();
                c.signal();
                m.unlock();
                awake.recv(); // Will deadlock if no goroutine wakes up
                Select.of().recv(awake, v -> fail("too many goroutines awake")).onDefault(() -> { }).run();
            }
            c.signal();
        });
    }

    /** Go: src/sync/cond_test.go TestCondSignalGenerations (n = 100): Signal wakes the longest waiter. */
    @Test
    void testCondSignalGenerations() {
        GoRun.main(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 100;
            Chan<Boolean> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int g = i;
                Go.go(() -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(g);
                    m.unlock();
                });
                if (i > 0) {
                    int a = awake.recv();
                    if (a != i - 1) {
                        fail("wrong goroutine woke up: want %d, got %d", i - 1, a);
                    }
                }
                running.recv();
                m.lock();
                c.signal();
                m.unlock();
            }
        });
    }

    private boolean exit;

    /** Go: src/sync/cond_test.go TestCondBroadcast (n = 200 goroutines, n rounds). */
    @Test
    void testCondBroadcast() {
        GoRun.main(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 200;
            Chan<Integer> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int g = i;
                Go.go(() -> {
                    m.lock();
                    while (!exit) {
                        running.send(g);
                        c.await();
                        awake.send(g);
                    }
                    m.unlock();
                });
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    running.recv(); // Will deadlock unless n are running.
                }
                if (i == n - 1) {
                    m.lock();
                    exit = true;
                    m.unlock();
                }
                Select.of().recv(awake, v -> fail("goroutine not asleep")).onDefault(() -> { }).run();
                m.lock();
                c.broadcast();
                m.unlock();
                boolean[] seen = new boolean[n];
                for (int k = 0; k < n; k++) {
                    int g = awake.recv();
                    if (seen[g]) {
                        fail("goroutine woke up twice");
                    }
                    seen[g] = true;
                }
            }
            Select.of().recv(running, v -> fail("goroutine did not exit")).onDefault(() -> { }).run();
            c.broadcast();
        });
    }

    private int x;

    /** Go: src/sync/cond_test.go TestRace. */
    @Test
    void testRace() {
        GoRun.main(() -> {
            Cond c = new Cond(new Mutex());
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                c.locker().lock();
                x = 1;
                c.await();
                if (x != 2) {
                    fail("want 2");
                }
                x = 3;
                c.signal();
                c.locker().unlock();
                done.send(true);
            });
            Go.go(() -> {
                c.locker().lock();
                while (true) {
                    if (x == 1) {
                        x = 2;
                        c.signal();
                        break;
                    }
                    c.locker().unlock();
                    Go.gosched();
                    c.locker().lock();
                }
                c.locker().unlock();
                done.send(true);
            });
            Go.go(() -> {
                c.locker().lock();
                while (true) {
                    if (x == 2) {
                        c.await();
                        if (x != 3) {
                            fail("want 3");
                        }
                        break;
                    }
                    if (x == 3) {
                        break;
                    }
                    c.locker().unlock();
                    Go.gosched();
                    c.locker().lock();
                }
                c.locker().unlock();
                done.send(true);
            });
            done.recv();
            done.recv();
            done.recv();
        });
    }

    private boolean stealingDone;

    /**
     * Go: src/sync/cond_test.go TestCondSignalStealing (1000 iterations): a Broadcast racing a new Wait must
     * still wake the waiter that was already waiting.
     */
    @Test
    void testCondSignalStealing() {
        GoRun.main(() -> {
            for (int iters = 0; iters < 1000; iters++) {
                Mutex m = new Mutex();
                Cond cond = new Cond(m);
                // Start a waiter.
                Chan<Boolean> ch = Chan.make();
                Go.go(() -> {
                    m.lock();
                    ch.send(true);
                    cond.await();
                    m.unlock();
                    ch.send(true);
                });
                ch.recv();
                m.lock();
                m.unlock();
                // The waiter is in cond.await: we synchronized with it, then took and released the mutex it
                // held. Start two goroutines that race: one broadcasts, the other waits. The new waiter may or
                // may not get notified, but the first one has to be.
                stealingDone = false;
                Go.go(cond::broadcast);
                Go.go(() -> {
                    m.lock();
                    while (!stealingDone) {
                        cond.await();
                    }
                    m.unlock();
                });
                // Check that the first waiter does get signaled.
                Select.of().recv(ch)
                        .recv(Time.after(Duration.ofSeconds(2)), t -> fail("First waiter didn't get broadcast."))
                        .run();
                // Release the second waiter in case it didn't get the broadcast.
                m.lock();
                stealingDone = true;
                m.unlock();
                cond.broadcast();
            }
        });
    }
}
