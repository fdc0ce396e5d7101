package io.github.gort.internal.scheduler;

import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * forEachP against Ps that change state meanwhile (Go: proc.go forEachP's cases for running, idle and syscall Ps),
 * over the real
 * {@link SafePoint}, {@link Syscall} and {@link MLoop#releasepIdle}. C (P0) posts a function to every P; M1
 * (P1) enters a system call and comes back; M2 (P2) finds no work and gives its P up. After every interleaving:
 * the function ran at most once per P and always as the P's owner; a P it has not run on still has it pending
 * (it will run at that P's next safe point: its M's, or the idle M handoffp handed it to) and is not sitting on
 * the idle list, where nobody would run it (brief invariant 7); safePointWait counts exactly the pending Ps.
 */
public class ForEachPModel {
    final ModelWorld w;
    final Violations violations = new Violations();
    final PLocal<int[]> marker;
    final AtomicIntegerArray ran = new AtomicIntegerArray(3);
    boolean posted;                                       // C only

    public ForEachPModel() {
        w = new ModelWorld(Config.defaults(), 3, 2);     // idle Ms for handoffp to start
        marker = w.sched.plocals.define("marker", () -> new int[1], m -> { });
    }

    private void fn(P pp) {
        marker.get(pp)[0]++;                              // owner check in debug mode
        if (ran.incrementAndGet(pp.id) != 1) {
            throw new IllegalStateException("forEachP function ran twice on P" + pp.id);
        }
    }

    @Operation(runOnce = true)
    public void cForEachP() {
        violations.actor("C", () -> {
            M c = w.ms[0];
            w.becomeM(c);
            w.sched.safePoint.forEachPBegin(c, this::fn);
            posted = true;
        });
    }

    @Operation(runOnce = true)
    public void m1SyscallRoundTrip() {
        violations.actor("M1", () -> {
            M m1 = w.ms[1];
            G g1 = m1.curg;
            w.becomeM(m1);
            w.sched.syscall.reentersyscall(m1, g1);
            if (!w.sched.syscall.exitsyscallFastPath(m1, g1)) {
                w.sched.syscall.exitsyscallNoP(m1, g1);
            }
            P pp = m1.p;
            if (pp != null && pp.runSafePointFnVolatile() != 0) {
                w.sched.safePoint.runSafePointFn(m1, pp);   // its next schedule()
            }
        });
    }

    @Operation(runOnce = true)
    public void m2GoesIdle() {
        violations.actor("M2", () -> m2GoesIdle(w.ms[2]));
    }

    /**
     * findRunnable with an empty local queue: run a pending function (the top of schedule), run a G from the
     * global queue if one arrived (M1's slow syscall exit puts G1 there), else give up the P.
     */
    void m2GoesIdle(M m2) {
        w.becomeM(m2);
        P pp = m2.p;
        for (int round = 0; round < 3; round++) {
            if (pp.runSafePointFnVolatile() != 0) {
                w.sched.safePoint.runSafePointFn(m2, pp);
            }
            if (w.sched.runq.size() > 0) {
                G gp;
                w.sched.lock.lock();
                try {
                    gp = w.sched.runq.globrunqget(pp, 1, w.sched.gomaxprocs);
                } finally {
                    w.sched.lock.unlock();
                }
                if (gp != null) {
                    gp.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
                    return;                                 // M2 runs it and keeps its P
                }
            }
            if (w.sched.mloop.releasepIdle(m2, pp)) {
                return;
            }
        }
        throw new IllegalStateException("M2 could neither run a G nor give up its P");
    }

    @Validate
    public void ranOncePerPOrStillPending() {
        violations.check();
        if (!posted) {
            return;
        }
        int pending = 0;
        for (P pp : w.ps) {
            int flag = pp.runSafePointFnVolatile();
            pending += flag;
            if (ran.get(pp.id) + flag != 1) {
                throw new IllegalStateException("P" + pp.id + ": function ran " + ran.get(pp.id)
                        + " times and is " + (flag == 1 ? "still" : "not") + " pending");
            }
        }
        w.sched.lock.lock();
        try {
            for (P pp : w.sched.idlePs()) {
                if (pp.runSafePointFnVolatile() != 0) {
                    throw new IllegalStateException("P" + pp.id + " is idle with its safe-point function pending");
                }
            }
            if (w.sched.safePointWait != pending) {
                throw new IllegalStateException("safePointWait=" + w.sched.safePointWait + " but " + pending + " Ps pending");
            }
        } finally {
            w.sched.lock.unlock();
        }
    }

    /** A seeded bug: findRunnable gives up its P without checking for a pending safe-point function. */
    public static class IdleWithPendingFn extends ForEachPModel {
        @Override
        void m2GoesIdle(M m2) {
            w.becomeM(m2);
            P pp = m2.p;
            w.sched.handoff.releasep(m2);
            w.sched.lock.lock();
            try {
                w.sched.pidleput(pp);                        // BUG: no runSafePointFn check first
            } finally {
                w.sched.lock.unlock();
            }
        }
    }
}
