package io.github.gort.internal.scheduler;

import io.github.gort.runtime.Config;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * exitsyscall's fast path against sysmon's retake (Go: proc.go exitsyscallfast's CAS against retake's), over the
 * real {@link Syscall} and {@link Sysmon}. M1's G1 is in a system call on P1 (published {@code _Psyscall}), P1's
 * queue holds G2; sysmon retakes P1 (a CAS out of {@code _Psyscall}, then handoffp starts idle M2 for G2); M1
 * returns (CAS P1 back, or an idle P, or the global queue without a P); M2 runs whatever it was handed.
 * After every interleaving: no P owned by two Ms, {@code p.m} and {@code m.p} agree, G1 and G2 are each in
 * exactly one place (running on an M with a P, or queued), and nothing ran twice.
 */
public class ExitsyscallRetakeModel {
    final ModelWorld w;
    final Violations violations = new Violations();
    final G g1;
    final G g2;
    int g2Runs;                                          // M2 only

    public ExitsyscallRetakeModel() {
        w = new ModelWorld(Config.defaults(), 2, 1);
        M m1 = w.ms[1];
        g1 = m1.curg;
        g2 = w.newG();
        w.ps[1].runq.runqput(g2);
        w.becomeM(m1);
        w.sched.syscall.reentersyscall(m1, g1);           // P1 is _Psyscall from here
        // sysmon saw this syscall one tick ago, long enough: the next retake may take P1 (brief 4.5).
        P.SysmonTick pd = w.ps[1].sysmontick;
        pd.syscalltick = w.ps[1].syscalltick;
        pd.syscallwhen = 0;
    }

    /** M1's G1 returns from its system call. */
    @Operation(runOnce = true)
    public void m1Exitsyscall() {
        violations.actor("M1", this::exit);
    }

    void exit() {
        M m1 = w.ms[1];
        if (!w.sched.syscall.exitsyscallFastPath(m1, g1)) {
            w.sched.syscall.exitsyscallNoP(m1, g1);       // on the M loop; stopm would follow if it returned null
        }
    }

    /** sysmon's retake pass (or, in {@link AgainstForEachP}, forEachP's takeover of Ps in system calls). */
    @Operation(runOnce = true)
    public void sysmonRetake() {
        violations.actor("sysmon", this::takeP1);
    }

    void takeP1() {
        w.sched.sysmon.retake(Sysmon.FORCE_PREEMPT_NANOS * 100);
    }

    /**
     * The same race with the other CAS winner out of {@code _Psyscall}: C (M0, on P0) runs forEachP's steps 1-7,
     * which take P1 out of its system call by CAS and hand it off (Go: forEachPInternal).
     */
    public static class AgainstForEachP extends ExitsyscallRetakeModel {
        @Override
        void takeP1() {
            M c = w.ms[0];
            w.becomeM(c);
            w.sched.safePoint.forEachPBegin(c, pp -> { });
        }
    }

    /** Idle M2: if handoffp started it, it takes the P and runs the Gs on its local queue. */
    @Operation(runOnce = true)
    public void m2RunsWhatItWasHanded() {
        violations.actor("M2", () -> {
            M m2 = w.ms[2];
            P pp = w.wake(m2);
            if (pp == null) {
                return;
            }
            G gp;
            while ((gp = pp.runq.runqget()) != null) {
                if (gp == g1) {
                    throw new IllegalStateException("G1 found on a local queue");
                }
                gp.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
                g2Runs++;
            }
        });
    }

    @Validate
    public void oneOwnerPerPAndEveryGOnce() {
        violations.check();
        for (P pp : w.ps) {
            int owners = 0;
            for (M mp : w.ms) {
                if (mp.p == pp) {
                    owners++;
                    if (pp.m != mp || pp.statusVolatile() != PStatus.RUNNING) {
                        throw new IllegalStateException(mp + ".p=P" + pp.id + " but P" + pp.id + ".m=" + pp.m
                                + " status " + PStatus.name(pp.statusVolatile()));
                    }
                }
            }
            if (owners > 1) {
                throw new IllegalStateException("P" + pp.id + " owned by " + owners + " Ms");
            }
        }
        if (g2Runs > 1) {
            throw new IllegalStateException("G2 ran " + g2Runs + " times");
        }
        int g1Places = (g1.statusVolatile() == GStatus.RUNNING && w.ms[1].p != null ? 1 : 0)
                + count(w.sched.runq.snapshot(), g1) + (g1.statusVolatile() == GStatus.SYSCALL ? 1 : 0);
        if (g1Places != 1) {
            throw new IllegalStateException("G1 (" + GStatus.name(g1.statusVolatile()) + ") is in " + g1Places + " places");
        }
        int g2Places = g2Runs + count(w.ps[1].runq.snapshot(), g2) + count(w.ps[0].runq.snapshot(), g2)
                + count(w.sched.runq.snapshot(), g2);
        if (g2Places != 1) {
            throw new IllegalStateException("G2 is in " + g2Places + " places (ran " + g2Runs + " times)");
        }
    }

    private static int count(java.util.List<G> gs, G gp) {
        int n = 0;
        for (G g : gs) {
            if (g == gp) {
                n++;
            }
        }
        return n;
    }

    /**
     * A seeded bug: exitsyscallfast that takes its old P back with a check and a plain store instead of a CAS.
     * It races with retake's CAS, and both sides end up owning P1.
     */
    public static class PlainStoreExit extends ExitsyscallRetakeModel {
        @Override
        void exit() {
            M m1 = w.ms[1];
            P oldp = m1.oldp;
            if (oldp.statusVolatile() == PStatus.SYSCALL) {
                oldp.setStatusVolatile(PStatus.IDLE);              // BUG: not a CAS
                m1.oldp = null;
                m1.insyscall = false;
                w.sched.handoff.acquirep(m1, oldp);
                g1.casgstatus(GStatus.SYSCALL, GStatus.RUNNING);
                return;
            }
            super.exit();
        }
    }
}
