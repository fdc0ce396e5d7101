package io.github.gort.internal.scheduler;

import io.github.gort.runtime.Config;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * "Delicate dance" (Handoff; Go: proc.go, "Worker thread parking/unparking"), over the real classes: a submitter and
 * a spinner that gives up. M0 owns P0 and readies a G (runqput, then wakep, as Go's ready and newproc do). M1 was
 * spinning and has just put its P on the idle list; it stops spinning ({@link MLoop#dropSpinning}). M2 is idle.
 *
 * <p>Whatever the interleaving, the G must not be left queued next to an idle P with nobody looking: afterwards
 * either no P is idle, or some M spins, or an M has been handed a P to run. With the re-check after the drop
 * removed (the spinner decrements nmspinning and stops), the submitter can see the old spinner, skip its wakeup,
 * and the G waits while P1 idles: the checker must find that (the seeded bug).
 */
public class SpinningModel {
    final ModelWorld w;
    final Violations violations = new Violations();

    public SpinningModel() {
        w = new ModelWorld(Config.defaults(), 2, 1);
        M m1 = w.ms[1];
        w.becomeM(m1);
        w.sched.handoff.becomeSpinning(m1);                   // it spun, found nothing...
        w.releaseToIdle(m1);                                // ...and gave up its P (findRunnable's releasepIdle)
    }

    @Operation(runOnce = true)
    public void m0ReadyAG() {
        violations.actor("M0", () -> {
            w.becomeM(w.ms[0]);
            w.ps[0].runq.runqput(w.newG());
            w.sched.handoff.wakep();
        });
    }

    @Operation(runOnce = true)
    public void m1StopsSpinning() {
        violations.actor("M1", () -> {
            w.becomeM(w.ms[1]);
            dropSpinning(w.ms[1]);
        });
    }

    void dropSpinning(M m1) {
        w.sched.mloop.dropSpinning(m1);
    }

    @Validate
    public void noRunnableGNextToAnIdlePWithNobodyLooking() {
        violations.check();
        boolean queued = !w.ps[0].runq.runqempty() || !w.ps[1].runq.runqempty();
        boolean idleP = w.sched.npidle.get() > 0;
        boolean someoneLooks = w.sched.nmspinning.get() > 0 || w.ms[2].nextp != null;
        if (queued && idleP && !someoneLooks) {
            throw new IllegalStateException("lost wakeup: a G is queued, " + w.sched.npidle.get()
                    + " P idle, nmspinning=" + w.sched.nmspinning.get() + ", no M handed a P");
        }
        int spinningMs = 0;
        for (M mp : w.ms) {
            spinningMs += mp.spinning ? 1 : 0;
        }
        if (spinningMs != w.sched.nmspinning.get()) {
            throw new IllegalStateException("nmspinning=" + w.sched.nmspinning.get() + " but " + spinningMs
                    + " Ms spin (or hold a P handed to a spinner)");
        }
    }

    /** The seeded bug: the spinner drops nmspinning and stops without looking again. */
    public static class NoRecheck extends SpinningModel {
        @Override
        void dropSpinning(M m1) {
            m1.spinning = false;
            w.sched.nmspinning.decrementAndGet();
        }
    }
}
