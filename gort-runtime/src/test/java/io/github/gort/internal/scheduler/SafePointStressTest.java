package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real threads, every debug check on: goroutines loop over real blocking calls (short sleeps in Go.syscall),
 * quick non-blocking calls and CPU work, while a controller goroutine runs forEachP thousands of times, stops and
 * starts the world, and changes GOMAXPROCS. Checks: each forEachP round runs its function exactly once per P and
 * as that P's owner (PLocal's owner check); while the world is stopped no other goroutine makes progress; the
 * scheduler invariants hold at the end (RuntimeInvariantsExtension). Prints the counts.
 */
@Tag("stress")
class SafePointStressTest {
    @Test
    void syscallsAgainstForEachPAndStopTheWorld() {
        int rounds = 10_000 * TestRuntimes.stress();
        int maxProcs = 4;
        AtomicLong progress = new AtomicLong();
        LongAdder blockingCalls = new LongAdder();
        LongAdder quickCalls = new LongAdder();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        int[] stw = new int[1];
        long[] maxPauseNanos = new long[1];
        GoRuntime rt = TestRuntimes.run(Config.defaults().gomaxprocs(maxProcs), () -> {
            Sched sched = M.current().sched;
            PLocal<int[]> roundsSeen = sched.plocals.define("roundsSeen", () -> new int[1], c -> { });
            boolean[] stop = new boolean[1];
            WaitGroup mutators = new WaitGroup();
            int blockers = 6;
            int quick = 3;
            int cpu = 2;
            mutators.add(blockers + quick + cpu);
            for (int i = 0; i < blockers; i++) {
                Go.go(() -> {
                    while (!stop[0]) {
                        syscall(() -> {
                            Thread.sleep(0, 200_000);
                            return null;
                        });
                        blockingCalls.increment();
                        progress.incrementAndGet();
                    }
                    mutators.done();
                });
            }
            for (int i = 0; i < quick; i++) {
                Go.go(() -> {
                    long x = 0;
                    while (!stop[0]) {
                        long y = x;
                        x = syscall(() -> y + 1);
                        quickCalls.increment();
                        progress.incrementAndGet();
                    }
                    mutators.done();
                });
            }
            for (int i = 0; i < cpu; i++) {
                Go.go(() -> {
                    long x = 1;
                    while (!stop[0]) {
                        for (int k = 0; k < 1_000; k++) {
                            x = x * 6364136223846793005L + 1442695040888963407L;
                        }
                        progress.addAndGet(x & 1);
                        Go.checkPreempt();
                    }
                    mutators.done();
                });
            }
            AtomicIntegerArray ranThisRound = new AtomicIntegerArray(World.MAX_GOMAXPROCS);
            for (int round = 1; round <= rounds; round++) {
                int expect = round;
                RawSafePoints.forEachP(pp -> {
                    int[] seen = roundsSeen.get(pp);              // owner check
                    ranThisRound.incrementAndGet(pp.id);
                    seen[0]++;
                });
                int procs = Go.gomaxprocs();
                for (int p = 0; p < procs; p++) {
                    int n = ranThisRound.getAndSet(p, 0);
                    if (n != 1) {
                        violations.add("round " + expect + ": forEachP ran " + n + " times on P" + p);
                    }
                }
                if (round % 5 == 0) {
                    long t0 = System.nanoTime();
                    Diagnosis.stopTheWorld("stress");
                    long before = progress.get();
                    for (P pp : sched.allp()) {
                        if (pp.statusVolatile() != PStatus.GCSTOP) {
                            violations.add("round " + expect + ": P" + pp.id + " is " + PStatus.name(pp.statusVolatile()) + " with the world stopped");
                        }
                    }
                    long spinUntil = System.nanoTime() + 20_000;
                    while (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    }
                    if (progress.get() != before) {
                        violations.add("round " + expect + ": goroutines ran while the world was stopped");
                    }
                    Diagnosis.startTheWorld();
                    stw[0]++;
                    maxPauseNanos[0] = Math.max(maxPauseNanos[0], System.nanoTime() - t0);
                }
                if (round % 1_000 == 0) {
                    Go.gomaxprocs(round % 2_000 == 0 ? maxProcs : 2);
                }
            }
            stop[0] = true;
            mutators.await();
        });
        RuntimeStats s = rt.stats();
        System.out.printf("safe-point stress: syscalls=%,d (blocking %,d, quick %,d) fast exits=%,d slow exits=%,d"
                        + " handoffs=%,d retakes=%,d forEachP rounds=%,d STW rounds=%,d (max pause %.2f ms) threads=%d"
                        + " violations=%d%n",
                s.syscalls(), blockingCalls.sum(), quickCalls.sum(), s.syscallFastExits(), s.syscallSlowExits(),
                s.handoffs(), s.retakes(), s.forEachPRounds(), s.stwRounds(), maxPauseNanos[0] / 1e6, s.threads(),
                violations.size());
        assertThat(violations).as("violations").isEmpty();
        assertThat(s.forEachPRounds()).isEqualTo(rounds);
        assertThat(s.stwRounds()).isEqualTo(stw[0] + rounds / 1_000);   // + the GOMAXPROCS changes
        assertThat(s.syscalls()).isEqualTo(blockingCalls.sum() + quickCalls.sum());
        assertThat(s.syscallFastExits() + s.syscallSlowExits()).isEqualTo(s.syscalls());
    }

    private static <T> T syscall(java.util.concurrent.Callable<T> call) {
        try {
            return Go.syscall(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a system call", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
