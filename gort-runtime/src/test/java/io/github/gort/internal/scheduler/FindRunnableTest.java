package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * findRunnable's sources of work, in Go's order (Go: proc.go findRunnable, stealWork, runqsteal, runqgrab), on a
 * thread-less runtime whose Ms the test thread plays: stealing half of a victim's queue, runnext stolen only in the
 * last pass and only from an otherwise empty queue, and the global queue's turn every 61st schedtick. One live
 * test: a goroutine on the global queue runs while two goroutines ping-pong through runnext.
 */
class FindRunnableTest {
    /** Counts how many times each G came out of a queue. */
    private static final class Seen {
        final Map<G, Integer> times = new IdentityHashMap<>();

        void add(G gp) {
            times.merge(gp, 1, Integer::sum);
        }
    }

    /** Takes every G left in pp's queue (runnext first), playing its owner mp. */
    private static int drain(ModelWorld w, M mp, P pp, Seen seen) {
        w.becomeM(mp);
        int n = 0;
        G gp;
        while ((gp = pp.runq.runqget()) != null) {
            seen.add(gp);
            n++;
        }
        return n;
    }

    /**
     * Go: export_test.go RunSchedLocalQueueStealTest (TestSchedLocalQueueSteal), through findRunnable: P1, with
     * nothing to run, steals from P0 holding i Gs; every G is taken exactly once, and P1 got i/2 or i/2+1 of them.
     */
    @Test
    void aPWithNothingToRunStealsHalfOfAVictimsQueueAndEveryGRunsOnce() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(2), 2, 0);
        M m0 = w.ms[0];
        M m1 = w.ms[1];
        P p0 = w.ps[0];
        P p1 = w.ps[1];
        int capacity = p0.runq.capacity();
        // i = 0: nothing to steal (findRunnable would stop the M; the steal itself must find nothing).
        assertThat(p1.runq.runqstealWithRunnext(p0.runq)).isNull();
        for (int i = 1; i < capacity; i++) {
            List<G> gs = new ArrayList<>();
            w.becomeM(m0);
            for (int j = 0; j < i; j++) {
                G gp = w.newG();
                gs.add(gp);
                p0.runq.runqput(gp);
            }
            w.becomeM(m1);
            G stolen = w.sched.mloop.findRunnable(m1);
            assertThat(stolen).as("iter %d: P1 found a G", i).isNotNull();
            assertThat(m1.spinning).as("iter %d: found by stealing (a spinning M)", i).isTrue();
            w.sched.handoff.resetspinning(m1);             // what schedule does next
            Seen seen = new Seen();
            seen.add(stolen);
            int s = 1 + drain(w, m1, p1, seen);
            drain(w, m0, p0, seen);
            for (int j = 0; j < i; j++) {
                assertThat(seen.times.get(gs.get(j))).as("iter %d: times G %d was taken", i, j).isEqualTo(1);
            }
            assertThat(seen.times).as("iter %d: only the Gs put", i).hasSize(i);
            assertThat(s).as("bad steal at iter %d (want %d or %d)", i, i / 2, i / 2 + 1).isIn(i / 2, i / 2 + 1);
        }
        assertThat(w.sched.nmspinning.get()).isZero();
    }

    /** Go: runqgrab takes runnext only when stealRunnextG (stealWork's last pass) and the ring is empty. */
    @Test
    void runnextIsStolenOnlyFromAnOtherwiseEmptyQueueAndOnlyInTheLastPass() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(2), 2, 0);
        P p0 = w.ps[0];
        P p1 = w.ps[1];
        w.becomeM(w.ms[0]);
        G next = w.newG();
        p0.runq.runqputnext(next);
        w.becomeM(w.ms[1]);
        assertThat(p1.runq.runqsteal(p0.runq)).as("the first three passes leave runnext alone").isNull();
        assertThat(p0.runq.runqempty()).isFalse();

        // With Gs in the ring, even the last pass steals from the ring and leaves runnext to its owner.
        w.becomeM(w.ms[0]);
        G ring = w.newG();
        p0.runq.runqput(ring);
        w.becomeM(w.ms[1]);
        assertThat(p1.runq.runqstealWithRunnext(p0.runq)).isSameAs(ring);
        w.becomeM(w.ms[0]);
        assertThat(p0.runq.runqget()).as("runnext stayed with its owner").isSameAs(next);
        assertThat(p0.runq.runqget()).isNull();

        // Only runnext left: findRunnable's last pass takes it, and the owner does not run it again.
        p0.runq.runqputnext(next);
        w.becomeM(w.ms[1]);
        assertThat(w.sched.mloop.findRunnable(w.ms[1])).isSameAs(next);
        w.sched.handoff.resetspinning(w.ms[1]);
        w.becomeM(w.ms[0]);
        assertThat(p0.runq.runqget()).as("a stolen runnext is gone from the victim").isNull();
        assertThat(p1.runq.runqempty()).isTrue();
    }

    /**
     * Go: findRunnable's {@code schedtick%61 == 0} check: while the local queue never runs dry, a G on the global
     * queue still gets its turn, one G at a time, every 61st schedtick.
     */
    @Test
    void theGlobalQueueGetsOneTurnEvery61stSchedtickWhileTheLocalQueueIsBusy() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(1), 1, 0);
        M m0 = w.ms[0];
        P p0 = w.ps[0];
        w.becomeM(m0);
        G global1 = w.newG();
        G global2 = w.newG();
        w.sched.lock.lock();
        try {
            w.sched.runq.globrunqput(global1);
            w.sched.runq.globrunqput(global2);
        } finally {
            w.sched.lock.unlock();
        }
        for (int i = 0; i < 10; i++) {
            p0.runq.runqput(w.newG());
        }
        p0.schedtick = 1;                                   // a P that has run a G already
        List<Integer> globalTurns = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            int tick = p0.schedtick;
            G gp = w.sched.mloop.findRunnable(m0);
            if (gp == global1 || gp == global2) {
                globalTurns.add(tick);
                assertThat(p0.runq.runqlen()).as("the fairness turn takes one G, not a batch").isEqualTo(10);
            } else {
                p0.runq.runqput(gp);                        // made runnable again: the local queue stays busy
            }
            // findRunnable itself counted the new time slice (MLoop.picked: no G here comes from runnext).
        }
        assertThat(globalTurns).as("schedticks at which a global G ran").containsExactly(61, 122);
        assertThat(w.sched.runq.size()).isZero();
    }

    /**
     * Live, at GOMAXPROCS=1: a goroutine started inside a system call goes to the global queue (newproc without a
     * P) and runs although two goroutines hand the only P to each other through runnext all the while (each send
     * readies the other into runnext, and a G from runnext inherits the time slice, so schedtick stands still:
     * what ends the run of the pair is sysmon's preemption, and the G from the global queue goes next).
     */
    @Test
    void aGoroutineOnTheGlobalQueueRunsWhileTwoPingPongThroughRunnext() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        AtomicBoolean globalRan = new AtomicBoolean();
        AtomicBoolean pingPongOver = new AtomicBoolean();
        AtomicBoolean ranDuringPingPong = new AtomicBoolean();
        AtomicLong exchanges = new AtomicLong();
        AtomicLong exchangesWhenGlobalRan = new AtomicLong(-1);
        TestRuntimes.run(1, () -> {
            Chan<Boolean> ping = Chan.make();
            Chan<Boolean> pong = Chan.make();
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(() -> {
                while (!globalRan.get() && System.nanoTime() - deadline < 0) {
                    ping.send(true);
                    pong.recv();
                    exchanges.incrementAndGet();
                }
                pingPongOver.set(true);
                ping.close();
                wg.done();
            });
            Go.go(() -> {
                while (ping.recv() != null) {
                    pong.send(true);
                }
                wg.done();
            });
            try {
                Go.syscall(() -> {
                    Go.go(() -> {
                        exchangesWhenGlobalRan.set(exchanges.get());
                        ranDuringPingPong.set(!pingPongOver.get());
                        globalRan.set(true);
                    });
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            wg.await();
        });
        System.out.println("FindRunnableTest: the global G ran after " + exchangesWhenGlobalRan.get()
                + " ping-pong exchanges (of " + exchanges.get() + ")");
        assertThat(ranDuringPingPong).as("the G on the global queue ran while the pair ping-ponged (before their 20 s"
                + " deadline)").isTrue();
    }
}
