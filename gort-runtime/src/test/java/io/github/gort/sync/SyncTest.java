package io.github.gort.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mutex (incl. starvation mode), RWMutex, Once and Cond on a running runtime: goroutines park, Ms do not. */
class SyncTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void mutexIsNeverHeldByTwoGoroutines(int procs) {
        long[] counter = {0};
        TestRuntimes.run(procs, () -> {
            Mutex mu = new Mutex();
            AtomicInteger holders = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 100; g++) {
                wg.go(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        mu.lock();
                        assertThat(holders.incrementAndGet()).isEqualTo(1);
                        counter[0]++;
                        if (i % 100 == 0) {
                            Go.gosched();                          // hold it across a reschedule
                        }
                        holders.decrementAndGet();
                        mu.unlock();
                    }
                });
            }
            wg.await();
        });
        assertThat(counter[0]).isEqualTo(100_000);
    }

    @Test
    void starvingWaiterGetsTheMutexByHandoff() {
        // Go's TestMutexFairness: a goroutine re-locks in a loop; another must still get the lock within bounds.
        TestRuntimes.run(2, () -> {
            Mutex mu = new Mutex();
            AtomicInteger stop = new AtomicInteger();
            AtomicLong hogLocks = new AtomicLong();
            Go.go(() -> {
                while (stop.get() == 0) {
                    mu.lock();
                    hogLocks.incrementAndGet();
                    Time.sleep(Duration.ofNanos(100_000));
                    mu.unlock();
                }
            });
            Time.sleep(Duration.ofMillis(1));
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                mu.lock();
                mu.unlock();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            stop.set(1);
            assertThat(ms).as("10 locks against a hog (starvation mode bounds the wait)").isLessThan(2_000);
        });
        // Unlock of an unlocked mutex is fatal: SyncMisuseTest.
    }

    @Test
    void rwmutexAllowsReadersTogetherAndWritersAlone() {
        TestRuntimes.run(2, () -> {
            RWMutex rw = new RWMutex();
            AtomicInteger readers = new AtomicInteger();
            AtomicInteger writers = new AtomicInteger();
            AtomicInteger maxReaders = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 20; g++) {
                boolean writer = g % 5 == 0;
                wg.go(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (writer) {
                            rw.lock();
                            assertThat(writers.incrementAndGet()).isEqualTo(1);
                            assertThat(readers.get()).isZero();
                            writers.decrementAndGet();
                            rw.unlock();
                        } else {
                            rw.rlock();
                            assertThat(writers.get()).isZero();
                            maxReaders.accumulateAndGet(readers.incrementAndGet(), Math::max);
                            Go.gosched();
                            readers.decrementAndGet();
                            rw.runlock();
                        }
                    }
                });
            }
            wg.await();
            assertThat(maxReaders.get()).as("readers overlapped").isGreaterThan(1);
            // Unlocking it now is fatal: SyncMisuseTest.
        });
    }

    @Test
    void onceRunsOnceAndEveryCallerWaitsForIt() {
        TestRuntimes.run(2, () -> {
            Once once = new Once();
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger sawDone = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 50; g++) {
                wg.go(() -> {
                    once.run(() -> {
                        Time.sleep(Duration.ofMillis(5));
                        runs.incrementAndGet();
                    });
                    if (runs.get() == 1) {
                        sawDone.incrementAndGet();
                    }
                });
            }
            wg.await();
            assertThat(runs.get()).isEqualTo(1);
            assertThat(sawDone.get()).isEqualTo(50);
        });
    }

    @Test
    void condSignalAndBroadcast() {
        TestRuntimes.run(2, () -> {
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            int[] ready = {0};
            AtomicInteger woke = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 10; g++) {
                wg.go(() -> {
                    mu.lock();
                    while (ready[0] == 0) {
                        cond.await();
                    }
                    woke.incrementAndGet();
                    mu.unlock();
                });
            }
            Time.sleep(Duration.ofMillis(5));
            mu.lock();
            ready[0] = 1;
            cond.signal();
            mu.unlock();
            Time.sleep(Duration.ofMillis(5));
            assertThat(woke.get()).as("signal wakes one").isEqualTo(1);
            cond.broadcast();
            wg.await();
            assertThat(woke.get()).isEqualTo(10);
        });
    }
}
