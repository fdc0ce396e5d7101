package io.github.gort.internal.scheduler;

import io.github.gort.diagnosis.DisposeLog;
import io.github.gort.diagnosis.SyscallOrder;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.gcwork.Workbuf;
import io.github.gort.internal.gcwork.WorkbufLists;
import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The actors of golang/go#11640 over the REAL classes, on a thread-less {@link ModelWorld}: GOMAXPROCS=2; C (m0)
 * owns P0 and runs forEachPBegin with {@code fn = p -> p.gcw.dispose()}; M1 owns P1 and runs G1, about to enter a
 * system call; M2 is idle on midle. P1's gcWork (a PLocal over {@link WorkbufLists} of capacity 4) holds buffer
 * B with {@link #K} objects as wbuf1 and an empty buffer as wbuf2, and P1's run queue holds G2, so that handoffp
 * passes P1 to M2 instead of running the function itself.
 *
 * <p>{@link Lookup} says how the safe-point function finds a P's gcWork. {@link Lookup#OWNER_CHECKED} is the
 * production path, {@code PLocal.get}, whose debug-mode owner check fails first under the legacy order (M1 no
 * longer owns P1). {@link Lookup#UNCHECKED} reaches the same gcWork object without that check, which is what
 * production code does with checks off (the CLI): then the race reaches the workbuf lists and their always-on
 * assertions, as it did in Go.
 */
final class Issue11640Fixture {
    static final int K = 3;

    /** How the dispose function reaches a P's gcWork. */
    enum Lookup {
        OWNER_CHECKED,
        UNCHECKED
    }

    final ModelWorld w;
    final Sched sched;
    final WorkbufLists lists = new WorkbufLists(4);
    final PLocal<GcWork> gcw;
    final GcWork[] gcwOf = new GcWork[2];
    final DisposeLog log = new DisposeLog();
    final M c;
    final M m1;
    final M m2;
    final P p0;
    final P p1;
    final int workbufB;
    /** fn runs per P (index = P id): invariant 19 wants at most one each. */
    final AtomicIntegerArray fnRuns = new AtomicIntegerArray(2);
    /** How often each object 101..100+K was got (index = obj - 100): exactly once in the end. */
    final AtomicIntegerArray got = new AtomicIntegerArray(K + 1);
    final SafePointFn disposeFn;

    Issue11640Fixture(SyscallOrder order, Lookup lookup) {
        w = new ModelWorld(Config.defaults(), 2, 1);
        w.sched.syscall.order = order;
        sched = w.sched;
        gcw = sched.plocals.define("gcw", () -> new GcWork(lists), GcWork::dispose);
        c = w.ms[0];
        m1 = w.ms[1];
        m2 = w.ms[2];
        p0 = w.ps[0];
        p1 = w.ps[1];
        disposeFn = pp -> {
            fnRuns.incrementAndGet(pp.id);
            GcWork g = lookup == Lookup.OWNER_CHECKED ? gcw.get(pp) : gcwOf[pp.id];
            log.record(pp, g, 1);
            g.dispose();
        };
        p1.runq.runqput(w.newG());                          // so handoffp passes P1 to an M (brief 10.1)
        w.becomeM(c);                                       // the constructor thread plays C while it sets up
        for (P pp : w.ps) {
            PLocal.runAsOwner(pp, p -> gcwOf[p.id] = gcw.get(p));
        }
        int[] b = new int[1];
        PLocal.runAsOwner(p1, p -> {
            GcWork g = gcw.get(p);
            for (int i = 1; i <= K; i++) {
                g.put(100 + i);
            }
            b[0] = g.cachedWbuf1().index();
        });
        workbufB = b[0];
    }

    /** M1: G1 enters a system call, in the configured order. */
    void m1EnterSyscall() {
        w.becomeM(m1);
        sched.syscall.reentersyscall(m1, m1.curg);
    }

    /** C: forEachP steps 1-7 with fn = dispose (never blocks). Returns whether some P still has to run fn. */
    boolean cForEachPDispose() {
        w.becomeM(c);
        return sched.safePoint.forEachPBegin(c, disposeFn);
    }

    /** sysmon: takes P1 out of its system call and hands it off (the fixed-order route to M2). */
    boolean retakeP1() {
        if (p1.statusVolatile() == PStatus.SYSCALL && p1.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            p1.syscalltick++;
            sched.handoff.handoffp(p1);
            return true;
        }
        return false;
    }

    /**
     * M2: if a P was handed to it (m.nextp), acquire it, run the safe-point check of schedule, then tryGet until 0.
     * Returns the number of objects got, or -1 if no P was handed over.
     */
    int m2AcquireAndDrain() {
        P pp = m2Acquire();
        return pp == null ? -1 : m2Drain(pp);
    }

    /** M2, first half: acquires the P handed to it (m.nextp); null if none was. */
    P m2Acquire() {
        return w.wake(m2);
    }

    /** M2, second half, on the P it acquired: the safe-point check of schedule, then tryGet until 0. */
    int m2Drain(P pp) {
        w.becomeM(m2);
        if (pp.runSafePointFnVolatile() != 0) {
            sched.safePoint.runSafePointFn(m2, pp);
        }
        GcWork g = gcw.get(pp);                             // M2 owns pp: the checked lookup passes
        int n = 0;
        for (long obj = g.tryGet(); obj != 0; obj = g.tryGet()) {
            got.incrementAndGet((int) obj - 100);
            n++;
        }
        return n;
    }

    /**
     * Invariants 19, 24-26 and 28 once all actors are done: fn ran at most once per P; each gcWork has both
     * buffers or neither; after every gcWork is disposed each listed buffer fits its list, every buffer is
     * accounted for, and every object put was got exactly once (by M2 or from the lists).
     */
    void checkInvariants() {
        for (int i = 0; i < 2; i++) {
            if (fnRuns.get(i) > 1) {
                throw new IllegalStateException("forEachP: fn ran " + fnRuns.get(i) + " times for P" + i);
            }
            GcWork g = gcwOf[i];
            if ((g.cachedWbuf1() == null) != (g.cachedWbuf2() == null)) {
                throw new IllegalStateException("gcWork of P" + i + " is torn (invariant 28): wbuf1=" + g.cachedWbuf1()
                        + ", wbuf2=" + g.cachedWbuf2() + "; " + log.describe(workbufB));
            }
        }
        for (GcWork g : gcwOf) {
            g.dispose();
        }
        for (Workbuf b = lists.trygetfull(); b != null; b = lists.trygetfull()) {
            while (b.nobj > 0) {
                got.incrementAndGet((int) b.takeLast() - 100);
            }
            lists.putempty(b);
        }
        lists.checkConservation(0);
        for (int i = 1; i <= K; i++) {
            if (got.get(i) != 1) {
                throw new IllegalStateException("object " + (100 + i) + " was got " + got.get(i) + " times, expected"
                        + " once (a lost or duplicated grey object); " + log.describe(workbufB));
            }
        }
    }
}
