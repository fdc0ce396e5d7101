package io.github.gort.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.scheduler.ModelParkers;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model checking of {@link Mutex} and {@link WaitGroup} over the real code, with the runtime semaphore's waiters
 * as plain threads that spin until released ({@link ModelParkers#spinSema}); Lincheck treats the spin as blocking,
 * so a lost wakeup shows up as a hang it reports.
 */
class SyncLincheckTest {
    private static final int ITERATIONS = 10;
    private static final int INVOCATIONS = 1_000;

    /**
     * Mutual exclusion: each operation increments a plain counter inside the critical section and returns the
     * value it wrote; the sequential specification is a counter. The clock advances 1 ms per reading, so every
     * waiter that waits turns the mutex to starvation mode and the handoff path (Sema.releaseHandoff, ticket) runs.
     */
    public static class MutexModel {
        private long now;
        final Mutex mu = new Mutex(ModelParkers.spinSema(0), () -> now += 1_000_000);
        private int counter;
        private boolean inside;

        @Operation
        public int lockIncrementUnlock() {
            mu.lock();
            try {
                if (inside) {
                    throw new IllegalStateException("two holders");
                }
                inside = true;
                int v = counter;
                counter = v + 1;
                inside = false;
                return v + 1;
            } finally {
                mu.unlock();
            }
        }

        /** Takes the mutex only if free; while holding it, checks nobody else is inside. Its result is always 0. */
        @Operation
        public int tryLockCheck() {
            if (!mu.tryLock()) {
                return 0;
            }
            try {
                if (inside) {
                    throw new IllegalStateException("two holders");
                }
                inside = true;
                inside = false;
                return 0;
            } finally {
                mu.unlock();
            }
        }
    }

    /** Sequential specification of MutexModel. */
    public static class CounterSpec {
        private int counter;

        @Operation
        public int lockIncrementUnlock() {
            return ++counter;
        }

        @Operation
        public int tryLockCheck() {
            return 0;
        }
    }

    /**
     * WaitGroup as a barrier: the counter starts at 3, one operation per thread calls done and then waits for zero,
     * so every await must return once all three dones happened; a lost release hangs a thread.
     */
    public static class WaitGroupModel {
        final WaitGroup wg = new WaitGroup(ModelParkers.spinSema(0));

        public WaitGroupModel() {
            wg.add(3);
        }

        @Operation
        public int doneThenAwait() {
            wg.done();
            wg.await();
            return 0;
        }
    }

    /** Sequential specification of the WaitGroup barrier: in a sequential run every await returns. */
    public static class BarrierSpec {
        @Operation
        public int doneThenAwait() {
            return 0;
        }
    }

    /** MUTANT: a mutex whose lock fast path checks, then sets, without a CAS (the real Sema underneath). */
    public static class CheckThenSetMutexModel {
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private final Sema sema = ModelParkers.spinSema(0);
        private int counter;

        @Operation
        public int lockIncrementUnlock() {
            while (state.get() != 0) {
                sema.acquire();
            }
            state.set(1);                                  // BUG: another thread may have set it meanwhile
            int v = counter;
            counter = v + 1;
            state.set(0);
            sema.release();
            return v + 1;
        }
    }

    /** MUTANT: a WaitGroup that, reaching zero, releases only one of its waiters. */
    public static class ReleaseOneWaitGroupModel {
        private final java.util.concurrent.atomic.AtomicLong state = new java.util.concurrent.atomic.AtomicLong(3L << 32);
        private final Sema sema = ModelParkers.spinSema(0);

        @Operation
        public int doneThenAwait() {
            long s = state.addAndGet(-1L << 32);
            if ((int) (s >> 32) == 0 && (int) s > 0) {
                state.set(0);
                sema.release();                            // BUG: one release for (int) s waiters
            }
            while (true) {
                long cur = state.get();
                if ((int) (cur >> 32) == 0) {
                    return 0;
                }
                if (state.compareAndSet(cur, cur + 1)) {
                    sema.acquire();
                    return 0;
                }
            }
        }
    }

    private static ModelCheckingOptions options() {
        int s = Integer.getInteger("gort.stress", 1);
        return new ModelCheckingOptions().iterations(ITERATIONS * s).invocationsPerIteration(INVOCATIONS);
    }

    private static void check(ModelCheckingOptions o, Class<?> c) {
        long t0 = System.nanoTime();
        o.check(c);
        System.out.printf("lincheck %s: %d iterations x %d invocations, %.1f s, no failure%n", c.getSimpleName(),
                ITERATIONS * Integer.getInteger("gort.stress", 1), INVOCATIONS, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void mutexExcludesAndHandsOff() {
        check(options().threads(3).actorsPerThread(2).sequentialSpecification(CounterSpec.class), MutexModel.class);
    }

    @Test
    void waitGroupReleasesEveryWaiter() {
        check(options().threads(3).actorsPerThread(1).actorsBefore(0).actorsAfter(0)
                .sequentialSpecification(BarrierSpec.class), WaitGroupModel.class);
    }

    @Test
    void checkThenSetMutexIsCaught() {
        AssertionError e = assertThrows(AssertionError.class, () -> options().threads(3).actorsPerThread(2)
                .sequentialSpecification(CounterSpec.class).check(CheckThenSetMutexModel.class));
        System.out.println("lincheck CheckThenSetMutexModel found the seeded bug:\n" + head(e));
        assertThat(e.getMessage()).contains("lockIncrementUnlock");
    }

    @Test
    void waitGroupReleasingOneWaiterIsCaught() {
        AssertionError e = assertThrows(AssertionError.class, () -> options().threads(3).actorsPerThread(1)
                .actorsBefore(0).actorsAfter(0).sequentialSpecification(BarrierSpec.class)
                .check(ReleaseOneWaitGroupModel.class));
        System.out.println("lincheck ReleaseOneWaitGroupModel found the seeded bug:\n" + head(e));
    }

    private static String head(AssertionError e) {
        String m = String.valueOf(e.getMessage());
        return m.substring(0, Math.min(m.length(), 1500));
    }
}
