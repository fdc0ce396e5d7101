package io.github.gort.internal.scheduler;

import io.github.gort.trace.EventKind;
import io.github.gort.runtime.FatalError;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The M loop: one round of {@code schedule} finds a runnable G and runs it until it yields back (Go: proc.go
 * mstart, schedule, findRunnable (1.5: findrunnable), stealWork, execute; the {@code mcall} targets park_m,
 * gosched_m, goyield_m, gopreempt_m, exitsyscall0, goexit0).
 *
 * <p>In Go a G switches to g0 with {@code mcall(fn)} and fn never returns. Here the G's continuation yields,
 * {@code cont.run()} returns in {@link #execute}, and the M loop runs the function the G left in
 * {@code m.mcallFn} (a {@link McallFn}, preallocated per target). Everything in this class runs on an M's own thread
 * outside any continuation ("on g0").
 *
 * <h2>findRunnable (Go: proc.go findRunnable)</h2>
 * <ol>
 * <li>top: a pending stop-the-world stops this M ({@link World#gcstopm}); a pending safe-point function runs.
 * <li>Every 61st schedtick, one G from the global queue first (fairness).
 * <li>The local queue (runnext first), then the global queue (a batch).
 * <li>The network, without waiting, if goroutines wait on it and no M blocks in the poll.
 * <li>Spin and steal, if this M is already spinning or fewer than half the busy Ps have spinners.
 * <li>Give up the P: under sched.lock re-check gcwaiting, the safe-point function and the global queue ("never
 *     publish idle with pending work"), then releasep + pidleput.
 * <li>If this M was spinning: drop the count, then re-check every P's queue (see "Delicate dance" in Handoff).
 * <li>If goroutines wait on the network and no M blocks in the poll: block in it (this M holds no P), then take
 *     an idle P for what it found.
 * <li>stopm, and start over with the P it is handed.
 * </ol>
 */
final class MLoop {
    private final Sched sched;

    MLoop(Sched sched) {
        this.sched = sched;
    }

    /** The body of every M thread: run until the runtime exits. Go: mstart, mstart1. */
    void mstart(M mp) {
        try {
            P pp = mp.nextp;
            if (pp != null) {
                mp.nextp = null;
                sched.handoff.acquirep(mp, pp);
            }
            schedule(mp);
        } catch (FatalError e) {
            sched.exit.fatal(e);
        } catch (Throwable t) {
            sched.exit.unexpected(mp, t);                // drops the reserve first, names an OutOfMemoryError behind t
        } finally {
            sched.exit.mexit(mp);
        }
    }

    /** One M's scheduling loop; returns only when the runtime exits. Go: schedule. */
    private void schedule(M mp) {
        G next = null;
        while (true) {
            if (mp.locks != 0) {
                throw new FatalError("schedule: holding locks");
            }
            if (next == null) {
                next = findRunnable(mp);
                if (next == null) {
                    return;                                 // the runtime is exiting
                }
                if (mp.spinning) {
                    sched.handoff.resetspinning(mp);
                }
            }
            next = execute(mp, next);
        }
    }

    /**
     * Runs gp on mp until it yields, then runs the function it yielded for. Returns a G to run at once (a
     * cancelled park, which inherits the time slice; a syscall exit that found a P, which counted a new one), or
     * null to schedule. Caller owns a P, and whoever picked gp has counted its time slice (see
     * {@link #picked}). Go: execute + the mcall targets.
     */
    G execute(M mp, G gp) {
        P pp = mp.p;
        if (Debug.CHECKS) {
            pp.assertOwnedBy(mp, "execute");
        }
        mp.curg = gp;
        gp.m = mp;
        gp.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
        gp.clearPreempt();
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_START, pp.id, gp.goid, 0, "");
        }
        if (sched.virtualThreads) {
            GoroutineThread thread = gp.thread();            // the virtual-thread mode: see GoroutineThread
            McallFn next = thread.run(mp);
            // For the G the thread hosts now: a goroutine's end may have handed it the P's next G.
            return next == null ? null : next.run(mp, thread.g);
        }
        gp.cont.run();
        // Back on g0. The G has yielded (or finished); its M may hold a different P now (syscall exit).
        McallFn fn;
        if (gp.finished()) {
            fn = sched.goroutines.goexit0Fn;
        } else {
            fn = mp.mcallFn;
            mp.mcallFn = null;
            if (fn == null) {
                throw new FatalError("execute: goroutine " + gp.goid + " yielded without an mcall function"
                        + " (a Continuation.yield outside the runtime?)");
            }
        }
        return fn.run(mp, gp);
    }

    /**
     * Finds a runnable G for mp, blocking (stopm) until one exists; null only when the runtime exits. Caller owns
     * a P on entry and on return. Go: findRunnable; its second result, inheritTime, is a local here, consumed
     * by {@link #picked} before the G is returned (Go consumes it in execute).
     */
    G findRunnable(M mp) {
        while (true) {
            if (sched.exiting()) {
                return null;
            }
            P pp = mp.p;
            if (sched.gcwaiting) {
                sched.world.gcstopm(mp);
                continue;
            }
            if (pp.runSafePointFnVolatile() != 0) {
                sched.safePoint.runSafePointFn(mp, pp);
            }
            // Fairness: now and then take one G from the global queue first (Go: schedtick % 61).
            if (pp.schedtick % 61 == 0 && sched.runq.size() > 0) {
                sched.lock.lock();
                G gp;
                try {
                    gp = sched.runq.globrunqget(pp, 1, sched.gomaxprocs);
                } finally {
                    sched.lock.unlock();
                }
                if (gp != null) {
                    return picked(pp, gp, /* inheritTime= */ false);
                }
            }
            // The local queue: runnext inherits the time slice, the ring starts a new one (Go: runqget).
            G gp = pp.runq.runqgetNext();
            boolean inheritTime = gp != null;
            if (!inheritTime) {
                gp = pp.runq.runqgetRing();
            }
            if (gp != null) {
                return picked(pp, gp, inheritTime);
            }
            if (sched.runq.size() > 0) {
                sched.lock.lock();
                try {
                    gp = sched.runq.globrunqget(pp, 0, sched.gomaxprocs);
                } finally {
                    sched.lock.unlock();
                }
                if (gp != null) {
                    return picked(pp, gp, /* inheritTime= */ false);
                }
            }
            // The network, without waiting: an optimization before stealing (Go: the same place in findRunnable).
            if (sched.netpoll.waiters() > 0 && sched.lastpoll.get() != 0) {
                gp = fromPoll(mp, sched.netpoll.poll(0));
                if (gp != null) {
                    return picked(pp, gp, /* inheritTime= */ false);
                }
            }
            // Spin, if this M already spins or spinners are fewer than half the busy Ps (Go's bound).
            int procs = sched.gomaxprocs;
            if (mp.spinning || 2 * sched.nmspinning.get() < procs - sched.npidle.get()) {
                if (!mp.spinning) {
                    sched.handoff.becomeSpinning(mp);
                }
                gp = stealWork(mp, pp);
                if (gp != null) {
                    return picked(pp, gp, /* inheritTime= */ false);
                }
            }
            // Nothing found: give up the P, unless something must not be left behind.
            if (!releasepIdle(mp, pp)) {
                continue;
            }
            if (mp.spinning && dropSpinning(mp) != null) {
                continue;                                   // work appeared: spin again on the P it took
            }
            if (sched.netpoll.waiters() > 0 && sched.lastpoll.getAndSet(0) != 0) {
                G fromNet = blockInPoll(mp);
                if (fromNet != null) {
                    return fromNet;
                }
                if (mp.p != null || sched.exiting()) {
                    continue;                               // took a P with nothing to run: look again
                }
            }
            sched.handoff.stopm(mp);
            if (mp.p == null) {
                return null;                                // woken to exit
            }
        }
    }

    /**
     * Runs the first G of list (goroutines the poller made ready; mp owns a P) and injects the rest. Returns the
     * first, now RUNNABLE, or null for an empty list. Go: findRunnable's {@code gp := list.pop(); injectglist(&list);
     * casgstatus(gp, _Gwaiting, _Grunnable)}.
     */
    private G fromPoll(M mp, java.util.List<G> list) {
        if (list.isEmpty()) {
            return null;
        }
        G gp = list.getFirst();
        sched.goroutines.injectglist(mp, list.subList(1, list.size()));
        gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
        gp.waitreason = "";
        return gp;
    }

    /**
     * mp has no P and nothing to run, and goroutines wait on the network with nobody polling it: block in the
     * poll until a socket is ready or the poll is broken, then take an idle P for what it found. Returns a G to
     * run (mp owns a P then), or null: mp took a P with nothing to run, or found no P (what it found went to
     * the global queue). Caller swapped lastpoll to 0. Go: findRunnable's blocking {@code netpoll(delay)}; the
     * delay is unbounded here, since gort's timers fire on their own thread (see Timers), not in findRunnable.
     */
    private G blockInPoll(M mp) {
        if (mp.p != null || mp.spinning) {
            throw new FatalError("findRunnable: netpoll with a P or spinning (" + mp + ")");
        }
        java.util.List<G> list;
        try {
            list = sched.netpoll.poll(-1);
        } finally {
            sched.lastpoll.set(System.nanoTime());
        }
        P pp = sched.exiting() ? null : sched.pidlegetLocking();
        if (pp == null) {
            sched.goroutines.injectglist(null, list);
            return null;
        }
        sched.handoff.acquirep(mp, pp);
        G gp = fromPoll(mp, list);
        if (gp != null) {
            pp.schedtick++;                                 // a new time slice (MLoop.picked)
        }
        return gp;
    }

    /**
     * findRunnable's last step for the G it found on pp: unless gp inherits the current time slice (it came from
     * runnext), a new slice begins, and pp.schedtick counts it (sysmon's preemption and the 1-in-61 fairness
     * check read it). Returns gp. Caller owns pp. Go: execute's {@code if !inheritTime { schedtick++ }}.
     */
    private static G picked(P pp, G gp, boolean inheritTime) {
        if (!inheritTime) {
            pp.schedtick++;
        }
        return gp;
    }

    /**
     * Gives up pp to the idle list, unless, under sched.lock, a stop-the-world waits, a safe-point function is
     * pending for pp, the runtime exits, global work arrived, or a spinner is needed: then returns false and the
     * caller goes back to the top of findRunnable (the rule "never publish idle with pending work": Go's
     * findRunnable re-checks under sched.lock before pidleput). Caller owns pp.
     */
    boolean releasepIdle(M mp, P pp) {
        sched.lock.lock();
        try {
            if (sched.gcwaiting || pp.runSafePointFnVolatile() != 0 || sched.exiting() || sched.runq.size() > 0) {
                return false;
            }
            if (!mp.spinning && sched.needspinning.get() == 1) {
                // A spinner found work but no idle P for it: become the spinner instead of idling.
                sched.needspinning.set(0);
                sched.handoff.becomeSpinning(mp);
                return false;
            }
            sched.handoff.releasep(mp);
            sched.pidleput(pp);
            return true;
        } finally {
            sched.lock.unlock();
        }
    }

    /**
     * The spinning M mp, which has just given up its P, stops spinning: "Delicate dance" (Handoff), the spinner's
     * half. It drops the spinning count FIRST, then looks again at every run queue; if one has work it takes an
     * idle P and spins again, and returns that P; else null, and mp stops. The order is what makes a submitter's
     * wakep (run queue store, then nmspinning load) and this (nmspinning store, then run queue loads) see each
     * other. Go: findRunnable, the block after "we are no longer spinning".
     */
    P dropSpinning(M mp) {
        sched.handoff.stopSpinning(mp, "findRunnable");
        P p2 = checkRunqsNoP();
        if (p2 != null) {
            sched.handoff.acquirep(mp, p2);
            sched.handoff.becomeSpinning(mp);
        }
        return p2;
    }

    /**
     * After dropping the spinning state with no P: if some P has work queued, takes an idle P for it.
     * Go: checkRunqsNoP.
     */
    private P checkRunqsNoP() {
        for (P p2 : sched.allp()) {
            if (p2.statusVolatile() != PStatus.DEAD && !p2.runq.runqempty()) {
                return sched.pidlegetLocking();
            }
        }
        return sched.runq.size() > 0 ? sched.pidlegetLocking() : null;
    }

    /**
     * Tries to steal from other Ps: 4 passes over all Ps in a random order; runnext only in the last pass.
     * Caller owns pp and is spinning. Go: stealWork.
     */
    private G stealWork(M mp, P pp) {
        final int stealTries = 4;
        P[] all = sched.allp();
        int n = sched.gomaxprocs;
        if (n <= 1) {
            return null;
        }
        for (int i = 0; i < stealTries; i++) {
            boolean lastPass = i == stealTries - 1;
            int start = ThreadLocalRandom.current().nextInt(n);
            int step = coprimeStep(n);
            for (int k = 0, idx = start; k < n; k++, idx = (idx + step) % n) {
                if (sched.gcwaiting || sched.exiting()) {
                    return null;                            // findRunnable's top handles it
                }
                P p2 = all[idx];
                if (p2 == pp || p2.statusVolatile() == PStatus.IDLE) {
                    continue;
                }
                G gp = lastPass ? pp.runq.runqstealWithRunnext(p2.runq) : pp.runq.runqsteal(p2.runq);
                if (gp != null) {
                    sched.stats.steals.increment();
                    if (sched.tracer.on()) {
                        sched.tracer.event(mp, EventKind.PROC_STEAL, pp.id, 0, pp.runq.runqlen() + 1, "P" + p2.id);
                    }
                    return gp;
                }
            }
        }
        return null;
    }

    /** A random step coprime with n, so that (start + k*step) % n visits every P once (Go: randomOrder). */
    private static int coprimeStep(int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (true) {
            int step = 1 + r.nextInt(n);
            if (gcd(step, n) == 1) {
                return step;
            }
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
