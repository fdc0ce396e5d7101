package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * handoffp's branches, one test each (Go: proc.go handoffp), on a thread-less runtime: the P that an M gives up
 * goes to an M when there is local or global work, to a new spinner when nobody spins and no P is idle, to the
 * stop-the-world that waits for it (waking the stopper if it is the last), runs a pending safe-point function as
 * its owner, or else goes to the idle list. gort has no GC-worker branch (Go's gcBlackenEnabled check): its mark
 * work is done by the GC goroutine and by assists, not by per-P workers handoffp would start.
 */
class HandoffpTest {
    /** Ps 0..procs-1 owned by Ms 0..procs-1, and idleMs idle Ms. */
    private static ModelWorld world(int procs, int idleMs) {
        return new ModelWorld(Config.defaults().gomaxprocs(procs), procs, idleMs);
    }

    /** M mp gives up its P and hands it off, as entersyscallblock and sysmon's retake do. */
    private static P releaseAndHandoff(ModelWorld w, M mp) {
        w.becomeM(mp);
        P pp = w.sched.handoff.releasep(mp);
        w.sched.handoff.handoffp(pp);
        return pp;
    }

    @Test
    void localWorkStartsAnMForTheP() {
        ModelWorld w = world(2, 1);
        M idle = w.ms[2];
        w.becomeM(w.ms[1]);
        G gp = w.newG();
        w.ps[1].runq.runqput(gp);
        P pp = releaseAndHandoff(w, w.ms[1]);
        assertThat(idle.nextp).as("the idle M was handed the P").isSameAs(pp);
        assertThat(idle.spinning).as("started for work, not to spin").isFalse();
        assertThat(w.wake(idle)).isSameAs(pp);
        assertThat(pp.runq.runqget()).as("the G is still there for the new M").isSameAs(gp);
        assertThat(w.idlePs()).isEmpty();
    }

    @Test
    void globalWorkStartsAnMForTheP() {
        ModelWorld w = world(2, 1);
        M idle = w.ms[2];
        G gp = w.newG();
        w.sched.lock.lock();
        try {
            w.sched.runq.globrunqput(gp);
        } finally {
            w.sched.lock.unlock();
        }
        P pp = releaseAndHandoff(w, w.ms[1]);
        assertThat(idle.nextp).isSameAs(pp);
        assertThat(idle.spinning).isFalse();
        assertThat(w.sched.runq.size()).as("the G waits on the global queue for the new M").isEqualTo(1);
        assertThat(w.idlePs()).isEmpty();
    }

    @Test
    void withNoSpinnerAndNoIdlePThePGoesToANewSpinner() {
        ModelWorld w = world(2, 1);
        M idle = w.ms[2];
        P pp = releaseAndHandoff(w, w.ms[1]);
        assertThat(idle.nextp).isSameAs(pp);
        assertThat(idle.spinning).as("started spinning, so that work arriving soon finds an M").isTrue();
        assertThat(w.sched.nmspinning.get()).isEqualTo(1);
        assertThat(w.idlePs()).isEmpty();
    }

    @Test
    void withNothingToDoThePGoesIdle() {
        ModelWorld w = world(3, 1);
        M idle = w.ms[3];
        P idleAlready = w.releaseToIdle(w.ms[2]);            // npidle = 1: no spinner needed
        P pp = releaseAndHandoff(w, w.ms[1]);
        assertThat(idle.nextp).as("no M woken").isNull();
        assertThat(w.sched.nmspinning.get()).isZero();
        assertThat(pp.statusVolatile()).isEqualTo(PStatus.IDLE);
        assertThat(w.idlePs()).containsExactlyInAnyOrder(pp, idleAlready);
        assertThat(w.sched.npidle.get()).isEqualTo(2);
    }

    /**
     * Stop-the-world waits for P1 and P3. An M still counted as spinning (it gave its P2 up just before the stop,
     * and the stopper took P2 from the idle list) keeps handoffp from starting a spinner, so handoffp itself
     * stops each P: the first leaves the stopper asleep, the last wakes it.
     */
    @Test
    void aPendingStopTheWorldTakesThePAndTheLastOneWakesTheStopper() {
        ModelWorld w = world(4, 0);
        M spinner = w.ms[2];
        w.becomeM(spinner);
        w.sched.handoff.becomeSpinning(spinner);
        P p2 = w.releaseToIdle(spinner);
        // The stopper's bookkeeping (stopTheWorldWithSema): its own P and the idle P2 are stopped at once.
        w.sched.lock.lock();
        try {
            w.sched.stopwait = 4;
            w.sched.gcwaiting = true;
            w.sched.stopnote.clear();
            w.ps[0].setStatusVolatile(PStatus.GCSTOP);
            w.sched.stopwait--;
            assertThat(w.sched.pidleget()).isSameAs(p2);
            p2.setStatusVolatile(PStatus.GCSTOP);
            w.sched.stopwait--;
        } finally {
            w.sched.lock.unlock();
        }
        P p1 = releaseAndHandoff(w, w.ms[1]);
        assertThat(p1.statusVolatile()).isEqualTo(PStatus.GCSTOP);
        assertThat(w.sched.stopwait).isEqualTo(1);
        assertThat(w.sched.stopnote.spin(0)).as("P3 still runs: the stopper sleeps on").isFalse();
        P p3 = releaseAndHandoff(w, w.ms[3]);
        assertThat(p3.statusVolatile()).isEqualTo(PStatus.GCSTOP);
        assertThat(w.sched.stopwait).isZero();
        assertThat(w.sched.stopnote.spin(0)).as("the last P woke the stopper").isTrue();
        assertThat(w.idlePs()).as("stopped Ps are not idle").isEmpty();
        w.becomeM(spinner);
        assertThat(w.sched.mloop.dropSpinning(spinner)).as("no work and no idle P for the late spinner").isNull();
        assertThat(w.sched.nmspinning.get()).isZero();
    }

    @Test
    void aPendingSafePointFunctionRunsForThePAsItsOwnerThenThePGoesIdle() {
        ModelWorld w = world(3, 0);
        P idleAlready = w.releaseToIdle(w.ms[2]);
        List<Integer> ran = new ArrayList<>();
        M[] ownerOfP1 = new M[1];
        M caller = w.ms[0];
        w.becomeM(caller);
        boolean wait = w.sched.safePoint.forEachPBegin(caller, pp -> {
            ran.add(pp.id);
            if (pp.id == 1) {
                ownerOfP1[0] = pp.m;
            }
        });
        assertThat(wait).as("P1 is running: forEachP waits for it").isTrue();
        M m1 = w.ms[1];
        P p1 = releaseAndHandoff(w, m1);
        assertThat(ran).as("fn ran once for the caller's P, the idle P, and P1 in handoffp")
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(ownerOfP1[0]).as("handoffp ran fn as P1's owner").isSameAs(m1);
        assertThat(p1.runSafePointFnVolatile()).isZero();
        assertThat(w.sched.safePointWait).isZero();
        assertThat(w.sched.safePointNote.spin(0)).as("the caller is woken").isTrue();
        assertThat(w.idlePs()).containsExactlyInAnyOrder(p1, idleAlready);
        w.becomeM(caller);
        w.sched.safePoint.forEachPAwait(caller, wait);      // the caller's check: every P ran fn once
    }
}
