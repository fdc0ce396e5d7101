package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * procresize (Go: proc.go procresize): as seen from the goroutine that changes GOMAXPROCS (whatever P it ends up
 * on after the world restarts is its own, P-local data included), and step by step on a thread-less world (what
 * becomes of the Ps, their run queues and the idle list as GOMAXPROCS grows and shrinks).
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

    /**
     * The stop of stopTheWorldWithSema on a thread-less world, for the tests of procresize: every other M gives
     * its P up, and every P but the stopper's is {@code _Pgcstop} and on no list.
     */
    static void stopTheWorldOf(ModelWorld w, M stopper) {
        for (M mp : w.ms) {
            if (mp != stopper && mp.p != null) {
                w.becomeM(mp);
                P pp = w.sched.handoff.releasep(mp);
                pp.setStatusVolatile(PStatus.GCSTOP);
            }
        }
        w.becomeM(stopper);
        w.sched.lock.lock();
        try {
            w.sched.gcwaiting = true;
            P pp;
            while ((pp = w.sched.pidleget()) != null) {
                pp.setStatusVolatile(PStatus.GCSTOP);
            }
            stopper.p.setStatusVolatile(PStatus.GCSTOP);
        } finally {
            w.sched.lock.unlock();
        }
    }

    /** startTheWorldWithSema's procresize to nprocs; returns the Ps with local work, for the caller to start. */
    static List<P> restartWith(ModelWorld w, M stopper, int nprocs) {
        w.becomeM(stopper);
        w.sched.lock.lock();
        try {
            List<P> runnable = w.sched.world.procresize(stopper, nprocs);
            w.sched.gcwaiting = false;
            return runnable;
        } finally {
            w.sched.lock.unlock();
        }
    }

    /**
     * Go: procresize and (*p).destroy. GOMAXPROCS 2 -> 4 -> 2 on a thread-less world: the new Ps start idle; when
     * P2 and P3 are destroyed, their Gs (runnext first, then the ring in order) go to the head of the global
     * queue, P3's before P2's, ahead of what was there: none lost, none twice.
     */
    @Test
    void growThenShrinkMovesTheRunqGsOfDestroyedPsToTheGlobalQueue() {
        ModelWorld w = new ModelWorld(Config.defaults().gomaxprocs(2), 2, 2);
        M stopper = w.ms[0];
        stopTheWorldOf(w, stopper);
        assertThat(restartWith(w, stopper, 4)).as("no P has work").isEmpty();
        P[] grown = w.sched.allp();
        assertThat(grown).hasSize(4);
        assertThat(w.sched.gomaxprocs).isEqualTo(4);
        assertThat(stopper.p).isSameAs(grown[0]);
        assertThat(w.idlePs()).containsExactlyInAnyOrder(grown[1], grown[2], grown[3]);

        // M2 and M3 (idle Ms) run P2 and P3, and queue Gs there; one G waits on the global queue.
        P p2 = grown[2];
        P p3 = grown[3];
        M m2;
        M m3;
        G old;
        w.sched.lock.lock();
        try {
            List<P> idle = new ArrayList<>();
            P pp;
            while ((pp = w.sched.pidleget()) != null) {
                idle.add(pp);
            }
            m2 = w.sched.mget();
            m3 = w.sched.mget();
            w.sched.handoff.acquirep(m2, p2);
            w.sched.handoff.acquirep(m3, p3);
            w.sched.pidleput(grown[1]);
            old = w.newG();
            w.sched.runq.globrunqput(old);
        } finally {
            w.sched.lock.unlock();
        }
        List<G> expected = new ArrayList<>();
        for (P pp : new P[] {p3, p2}) {
            w.becomeM(pp == p2 ? m2 : m3);
            List<G> ring = new ArrayList<>();
            for (int i = 0; i < (pp == p2 ? 5 : 3); i++) {
                G gp = w.newG();
                ring.add(gp);
                pp.runq.runqput(gp);
            }
            G next = w.newG();
            pp.runq.runqputnext(next);
            expected.add(next);
            expected.addAll(ring);
        }
        expected.add(old);

        stopTheWorldOf(w, stopper);
        assertThat(restartWith(w, stopper, 2)).as("P1 has no work").isEmpty();
        assertThat(w.sched.allp()).containsExactly(grown[0], grown[1]);
        assertThat(w.sched.gomaxprocs).isEqualTo(2);
        assertThat(p2.statusVolatile()).isEqualTo(PStatus.DEAD);
        assertThat(p3.statusVolatile()).isEqualTo(PStatus.DEAD);
        assertThat(p2.runq.runqempty()).isTrue();
        assertThat(p3.runq.runqempty()).isTrue();
        assertThat(w.sched.runq.snapshot()).as("the global queue, head first").containsExactlyElementsOf(expected);
        assertThat(w.sched.runq.size()).isEqualTo(expected.size());
        assertThat(w.idlePs()).containsExactly(grown[1]);

        // Grown again, P2 and P3 come back from the dead empty and idle.
        stopTheWorldOf(w, stopper);
        assertThat(restartWith(w, stopper, 4)).isEmpty();
        assertThat(w.sched.allp()).containsExactly(grown);
        assertThat(w.idlePs()).containsExactlyInAnyOrder(grown[1], p2, p3);
        assertThat(w.sched.runq.snapshot()).containsExactlyElementsOf(expected);
    }
}
