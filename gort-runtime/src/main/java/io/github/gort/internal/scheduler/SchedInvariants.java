package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler invariants (Go states them in runtime2.go's comments and checks some in checkdead), checked on a
 * quiescent runtime (after {@code run}
 * returned, every M stopped): each G is in exactly one place, each P's owner is consistent, the idle counts match
 * their lists, and G accounting balances. Tests run it after every test; a violation is a {@link FatalError}
 * naming the G or P involved.
 */
public final class SchedInvariants {
    private SchedInvariants() {}

    public static void check(Sched sched) {
        Map<G, String> place = new IdentityHashMap<>();
        sched.lock.lock();
        try {
            for (G gp : sched.runq.snapshot()) {
                put(place, gp, "the global run queue");
            }
            for (G gp : sched.globalFreeSnapshot()) {
                put(place, gp, "the global free list");
            }
            int idle = sched.idlePs().size();
            if (idle != sched.npidle.get()) {
                throw new FatalError("invariant: npidle=" + sched.npidle.get() + " but " + idle + " Ps on the idle list");
            }
            for (P pp : sched.idlePs()) {
                if (pp.statusVolatile() != PStatus.IDLE) {
                    throw new FatalError("invariant: P" + pp.id + " is on the idle list but " + PStatus.name(pp.statusVolatile()));
                }
            }
        } finally {
            sched.lock.unlock();
        }
        if (sched.nmspinning.get() < 0) {
            throw new FatalError("invariant: nmspinning=" + sched.nmspinning.get());
        }
        for (P pp : sched.allp()) {
            checkP(sched, pp);
            for (G gp : pp.runq.snapshot()) {
                put(place, gp, "P" + pp.id + "'s run queue");
            }
            for (G gp : Sched.localFreeSnapshot(pp)) {
                put(place, gp, "P" + pp.id + "'s free list");
            }
        }
        List<G> all = sched.allgs.snapshot();
        long live = 0;
        for (G gp : all) {
            String where = place.get(gp);
            switch (gp.statusVolatile()) {
                case GStatus.RUNNABLE -> {
                    if (where == null || where.contains("free list")) {
                        throw new FatalError("invariant: goroutine " + gp.goid + " is _Grunnable but in "
                                + (where == null ? "no run queue (lost)" : where));
                    }
                    live++;
                }
                case GStatus.DEAD -> {
                    if (where != null && !where.contains("free list")) {
                        throw new FatalError("invariant: dead goroutine " + gp.goid + " is in " + where);
                    }
                }
                case GStatus.WAITING, GStatus.SYSCALL, GStatus.RUNNING -> {
                    if (where != null) {
                        throw new FatalError("invariant: goroutine " + gp.goid + " is " + GStatus.name(gp.statusVolatile())
                                + " but also in " + where);
                    }
                    live++;
                }
                default -> throw new FatalError("invariant: goroutine " + gp.goid + " has status " + GStatus.name(gp.statusVolatile()));
            }
        }
        for (G gp : place.keySet()) {
            if (gp.sched != sched) {
                throw new FatalError("invariant: goroutine " + gp.goid + " of another runtime is queued here");
            }
        }
        long created = sched.goroutinesCreated();
        long exited = sched.goroutinesExited();
        if (created - exited != live) {
            throw new FatalError("invariant: goroutines created=" + created + " exited=" + exited + " but " + live
                    + " are live (runnable, running, waiting or in a syscall)");
        }
    }

    private static void put(Map<G, String> place, G gp, String where) {
        String prev = place.put(gp, where);
        if (prev != null) {
            throw new FatalError("invariant: goroutine " + gp.goid + " is in two places: " + prev + " and " + where);
        }
    }

    private static void checkP(Sched sched, P pp) {
        int s = pp.statusVolatile();
        M mp = pp.m;
        switch (s) {
            case PStatus.RUNNING -> {
                if (mp == null || mp.p != pp) {
                    throw new FatalError("invariant: P" + pp.id + " is _Prunning but p.m=" + mp
                            + (mp == null ? "" : " whose m.p=" + mp.p));
                }
            }
            case PStatus.IDLE, PStatus.SYSCALL, PStatus.GCSTOP, PStatus.DEAD -> {
                if (mp != null) {
                    throw new FatalError("invariant: P" + pp.id + " is " + PStatus.name(s) + " but p.m=" + mp);
                }
            }
            default -> throw new FatalError("invariant: P" + pp.id + " has status " + s);
        }
        for (M m2 : sched.allm) {
            if (m2.p == pp && pp.m != m2) {
                throw new FatalError("invariant: " + m2 + ".p=P" + pp.id + " but P" + pp.id + ".m=" + pp.m);
            }
        }
    }
}
