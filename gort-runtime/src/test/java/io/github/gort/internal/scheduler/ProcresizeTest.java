package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * procresize (Go: proc.go procresize) as seen from the goroutine that changes GOMAXPROCS: whatever P it ends up
 * on after the world restarts is its own, P-local data included.
 */
class ProcresizeTest {
    /**
     * The race behind SafePointStressTest's "PLocal.get: roundsSeen of P0 used by gort-m2, which does not own the
     * P (owner: none, status _Prunning)": the stopper ran on P3, GOMAXPROCS went from 4 to 2, procresize gave it
     * P0, and P0's P-local owner record still said nobody. Its next forEachP then ran fn on its own P as a
     * non-owner. Deterministic: the goroutine that shrinks GOMAXPROCS is one that runs on a P that is destroyed.
     */
    @Test
    void stopperWhosePIsDestroyedOwnsThePItIsGiven() {
        AtomicReference<String> seen = new AtomicReference<>("not run");
        AtomicInteger rounds = new AtomicInteger();
        TestRuntimes.run(Config.defaults().gomaxprocs(4), () -> {
            Sched sched = M.current().sched;
            PLocal<int[]> slot = sched.plocals.define("procresizeTest", () -> new int[1], c -> { });
            for (int attempt = 0; attempt < 200 && rounds.get() == 0; attempt++) {
                Go.gomaxprocs(4);
                AtomicBoolean done = new AtomicBoolean();
                WaitGroup wg = new WaitGroup();
                int n = 4;
                wg.add(n);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        // Whoever finds itself on a P that GOMAXPROCS=2 destroys does the shrink.
                        while (!done.get()) {
                            if (M.current().p.id >= 2 && done.compareAndSet(false, true)) {
                                Go.gomaxprocs(2);
                                M mp = M.current();
                                seen.set("after procresize: on P" + mp.p.id + " (" + PStatus.name(mp.p.statusVolatile()) + ")");
                                RawSafePoints.forEachP(pp -> slot.get(pp)[0]++);    // fn(own): the owner check
                                rounds.incrementAndGet();
                            }
                            Go.gosched();
                        }
                        wg.done();
                    });
                }
                wg.await();
            }
        });
        System.out.println("procresize: " + seen.get());
        assertThat(rounds.get()).as("a goroutine on a destroyed P shrank GOMAXPROCS and ran forEachP").isEqualTo(1);
    }
}
