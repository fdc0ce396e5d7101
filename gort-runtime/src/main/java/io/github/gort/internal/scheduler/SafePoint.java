package io.github.gort.internal.scheduler;

import io.github.gort.internal.jfr.ForEachPEvent;
import io.github.gort.trace.EventKind;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.RuntimeStats;

/**
 * Safe points: run a function once on every P, each time as that P's exclusive owner (Go: proc.go forEachP,
 * forEachPInternal, runSafePointFn).
 *
 * <h2>The rule this class exists for (golang/go#11640; Go: proc.go forEachP and runSafePointFn)</h2>
 * A P's safe-point function runs exactly once per round, and it runs while the running thread exclusively owns
 * the P: as its M, as the transient owner that won a CAS or holds the idle list's lock, or as the world-stopper.
 * A thread must run or give up pending P-local work BEFORE it publishes a state ({@code _Psyscall},
 * {@code _Pidle}) that lets another thread take the P. Every call site of {@link #runSafePointFn} is such an
 * owner: the top of findRunnable, findRunnable just before it releases the P, reentersyscall before the
 * {@code _Psyscall} store, handoffp, and the forEachP caller (its own P; idle Ps under sched.lock; syscall Ps
 * whose CAS it won, through handoffp).
 *
 * <pre>
 * field                    writer / guard
 * sched.safePointFn        the forEachP caller, under sched.lock (read by whoever wins a P's CAS)
 * sched.safePointWait      sched.lock
 * p.runSafePointFn         set to 1 by the caller under sched.lock; cleared by the CAS winner
 * sched.safePointNote      the caller sleeps; whoever takes safePointWait to 0 wakes it
 * </pre>
 * The protocol is split into {@link #forEachPBegin} (steps 1-7, never blocks) and {@link #forEachPAwait}
 * (steps 8-10) so that model-checking tests can drive it step by step without parking.
 */
public final class SafePoint {
    /** How long the caller sleeps between preemption requests while it waits (Go: 100 µs). */
    static final long WAIT_SLICE_NANOS = 100_000;
    /**
     * How long the waiting caller spins before it sleeps: most Ps reach a safe point within microseconds, and a
     * parked waiter would add a thread wakeup (up to milliseconds on a busy 2-core machine) to every pause.
     */
    static final long SPIN_NANOS = 200_000;

    private final Sched sched;
    /** How long each round took to reach every P's safe point, and who held out (RuntimeStats.forEachPTtsp). */
    final TimeToSafePoint ttsp = new TimeToSafePoint(pp -> pp.runSafePointFnVolatile() == 1);

    public SafePoint(Sched sched) {
        this.sched = sched;
    }

    /** How long forEachP rounds took to reach every P's safe point, and who held out longest. Racy reads. */
    public RuntimeStats.TimeToSafePoint timeToSafePoint() {
        return ttsp.snapshot();
    }

    /**
     * Runs fn once for every P and returns when all have run it. Caller runs a goroutine; it takes worldsema,
     * so no stop-the-world or other forEachP runs meanwhile. Go: forEachP.
     */
    public void forEachP(M mp, SafePointFn fn) {
        sched.worldsema.acquire();
        mp = M.current();                                // acquire may have parked us: we may be on another M
        mp.acquirem();
        try {
            if (sched.tracer.on()) {
                sched.tracer.event(mp, EventKind.FOREACHP_START, mp.p.id, 0, 0, "");
            }
            ForEachPEvent event = ForEachPEvent.start();
            boolean wait = forEachPBegin(mp, fn);
            forEachPAwait(mp, wait);
            if (event != null) {                         // the figures are read only while JFR records
                ForEachPEvent.finish(event, sched.stats.forEachPRounds.sum(), sched.allp().length, wait);
            }
            if (sched.tracer.on()) {
                sched.tracer.event(mp, EventKind.FOREACHP_DONE, mp.p.id, 0, 0, "");
            }
        } finally {
            mp.releasem();
            sched.worldsema.release();
        }
    }

    /**
     * Steps 1-7: posts fn to every P, runs it for idle Ps and the caller's own, takes Ps in system calls by CAS.
     * Returns true if some P still has to run it. Caller owns mp.p, holds worldsema, and is non-preemptible.
     */
    boolean forEachPBegin(M mp, SafePointFn fn) {
        P own = mp.p;
        boolean wait;
        sched.lock.lock();
        try {
            if (sched.safePointWait != 0) {
                throw new FatalError("forEachP: sched.safePointWait != 0");
            }
            P[] all = sched.allp();
            sched.safePointWait = all.length - 1;
            sched.safePointFn = fn;
            sched.safePointNote.clear();
            ttsp.begin(all);
            for (P pp : all) {
                if (pp != own) {
                    pp.setRunSafePointFnVolatile(1);
                }
            }
            sched.world.preemptall(mp);
            // Idle Ps cannot change hands while sched.lock is held: run fn for them here.
            for (P pp : sched.idlePs()) {
                if (pp.casRunSafePointFn()) {
                    PLocal.runAsOwner(pp, fn);
                    sched.safePointWait--;
                }
            }
            wait = sched.safePointWait > 0;
            ttsp.passEnded();                     // Ps in system calls, taken below, come in as stopped Ps
        } finally {
            sched.lock.unlock();
        }
        fn.run(own);
        // Ps in system calls: take them by CAS, and let handoffp run fn as their owner (or pass them on).
        for (P pp : sched.allp()) {
            if (pp.runSafePointFnVolatile() == 1 && pp.casFromSyscall(PStatus.IDLE)) {
                sched.handoff.handoffp(pp);
            }
        }
        return wait;
    }

    /** Steps 8-10: waits until every P has run fn, then checks that each ran it exactly once. */
    void forEachPAwait(M mp, boolean wait) {
        if (wait && !sched.safePointNote.spin(SPIN_NANOS)) {
            while (!sched.safePointNote.sleep(WAIT_SLICE_NANOS)) {
                if (sched.exiting()) {
                    return;
                }
                sched.world.preemptall(mp);       // a race may have swallowed a request
                ttsp.sample(sched.allp());
            }
        }
        sched.lock.lock();
        try {
            if (sched.safePointWait != 0) {
                throw new FatalError("forEachP: not done (safePointWait=" + sched.safePointWait + ")");
            }
            for (P pp : sched.allp()) {
                if (pp.runSafePointFnVolatile() != 0) {
                    throw new FatalError("forEachP: P" + pp.id + " did not run fn");
                }
            }
            sched.safePointFn = null;
            ttsp.end();
        } finally {
            sched.lock.unlock();
        }
        sched.stats.forEachPRounds.increment();
    }

    /**
     * Runs the pending safe-point function for pp if this caller wins the claim. Caller owns pp and does not
     * hold sched.lock. Go: runSafePointFn.
     */
    void runSafePointFn(M mp, P pp) {
        if (!pp.casRunSafePointFn()) {
            return;
        }
        sched.safePointFn.run(pp);
        sched.lock.lock();
        try {
            done(pp);
        } finally {
            sched.lock.unlock();
        }
    }

    /** handoffp's step 4: the claim is won and sched.lock is held. */
    void runOnBehalf(P pp) {
        sched.lock.assertHeld("runSafePointFn");
        sched.safePointFn.run(pp);
        done(pp);
    }

    /** P pp has run the function. Caller holds sched.lock. */
    private void done(P pp) {
        if (sched.tracer.on()) {
            sched.tracer.event(M.current(), EventKind.FOREACHP_RUN, pp.id, 0, 0, "");
        }
        ttsp.stopped(pp);
        sched.safePointWait--;
        if (sched.safePointWait == 0) {
            sched.safePointNote.wakeup();
        }
    }
}
