package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoroutineMode;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The race of GoroutineThreadLincheckTest on real threads: goroutines park in the JDK (LockSupport.park) and a
 * platform thread unparks each as soon as it has published itself, so the JDK's submit keeps landing while the
 * goroutine's M is still giving it up (between the task's return and the CAS to JDK_PARKED). Every park must
 * end in exactly one wake-up that gort queues once: each goroutine finishes all its rounds, none is lost (the
 * test would hang: a bounded wait fails it), none runs twice (casgstatus would fail), with debug checks on.
 */
@Tag("stress")
class JdkWakeRaceStressTest {
    private static final int GOROUTINES = 8;

    @Test
    @Timeout(120)
    void jdkWakeUpsRacingTheUnmountAreNeitherLostNorDoubled() throws InterruptedException {
        // The virtual-thread mode's race; in the continuation mode a JDK park blocks the M and this shows nothing.
        assumeTrue(TestRuntimes.inTestMode(Config.defaults()).goroutineMode() == GoroutineMode.VIRTUAL_THREAD);
        int rounds = 2_000 * TestRuntimes.stress();
        for (int procs = 1; procs <= 2; procs++) {
            AtomicReferenceArray<Thread> waiting = new AtomicReferenceArray<>(GOROUTINES);
            AtomicIntegerArray done = new AtomicIntegerArray(GOROUTINES);
            AtomicBoolean stop = new AtomicBoolean();
            Thread unparker = new Thread(() -> {
                while (!stop.get()) {
                    for (int i = 0; i < GOROUTINES; i++) {
                        Thread t = waiting.getAndSet(i, null);
                        if (t != null) {
                            LockSupport.unpark(t);
                        }
                    }
                    Thread.onSpinWait();
                }
            }, "jdk-unparker");
            unparker.setDaemon(true);
            unparker.start();
            try {
                TestRuntimes.run(Config.defaults().gomaxprocs(procs), () -> {
                    Chan<Integer> finished = Chan.make(GOROUTINES);
                    for (int g = 0; g < GOROUTINES; g++) {
                        int slot = g;
                        Go.go(() -> {
                            for (int r = 0; r < rounds; r++) {
                                waiting.set(slot, Thread.currentThread());
                                while (waiting.get(slot) != null) {
                                    LockSupport.park();           // the unparker takes the slot, then unparks
                                }
                                done.incrementAndGet(slot);
                            }
                            finished.send(slot);
                        });
                    }
                    for (int g = 0; g < GOROUTINES; g++) {
                        finished.recv();
                    }
                });
            } finally {
                stop.set(true);
                unparker.join();
            }
            for (int g = 0; g < GOROUTINES; g++) {
                assertThat(done.get(g)).as("rounds of goroutine %d at GOMAXPROCS %d", g, procs).isEqualTo(rounds);
            }
        }
    }
}
