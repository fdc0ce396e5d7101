package io.github.gort.internal.scheduler;

import io.github.gort.internal.jfr.StopTheWorldEvent;
import io.github.gort.internal.preempt.LoopPoll;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.trace.EventKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Stop-the-world, start-the-world and changing the number of Ps (Go: proc.go stopTheWorld,
 * stopTheWorldWithSema, startTheWorldWithSema, gcstopm, procresize, preemptall, preemptone).
 *
 * <h2>Stopping (Go: proc.go stopTheWorldWithSema)</h2>
 * The caller sets {@code gcwaiting} and {@code stopwait = gomaxprocs}, marks its own P {@code _Pgcstop} (a
 * diagnostic status: it keeps using it), CASes every {@code _Psyscall} P to {@code _Pgcstop}, takes every idle P,
 * and sleeps until the rest stop themselves: a running P in {@link #gcstopm} (from findRunnable), a P passing
 * through handoffp, a P entering a system call (Syscall.entersyscallGcwait). An M returning from a system call
 * meanwhile loses its CAS and parks its G on the global queue. When the wait ends every P is {@code _Pgcstop}
 * and no goroutine runs until {@link #startTheWorld}.
 *
 * <h2>A stop cut short by the runtime's exit</h2>
 * Go's exit ends the process at once; gort's ends while goroutine code may still be running. A stopper whose wait
 * the exit ends returns without the world stopped: other Ps may still be {@code _Prunning} under their Ms. So
 * startTheWorldWithSema does nothing once the runtime is exiting: procresize would mark such a P idle (or hand it
 * to a second M) under the M that owns it, and the ended runtime would show a P that is {@code _Pidle} with an
 * owner. Each M lets go of its own P in mexit. (Found in CI: StopTheWorldTest's exit-during-the-stop case.)
 */
public final class World {
    /** The largest GOMAXPROCS gort accepts (Go had 256 until 1.10; gort keeps a bound to catch typos). */
    public static final int MAX_GOMAXPROCS = 1024;

    private final Sched sched;
    /** Every P struct ever made, indexed by id: procresize reuses them (a syscall M may still hold a DEAD one). */
    private final List<P> pStructs = new ArrayList<>();
    /** pStructs as an array, for readers on any thread (replaced by procresize, with the world stopped). */
    private volatile P[] everyP = new P[0];
    /** The JFR event of the stop in progress, or null; touched only by worldsema's holder. */
    private StopTheWorldEvent stwEvent;
    /** How long stop-the-world rounds took to stop the Ps, and who held out longest. Racy reads. */
    public RuntimeStats.TimeToSafePoint timeToSafePoint() {
        return ttsp.snapshot();
    }

    /** Set by {@code Go.gomaxprocs(n)}; applied by the next startTheWorld (Go: newprocs). Guarded by worldsema. */
    public int newprocs;
    /**
     * When the last startTheWorld restarted the world: gcwaiting cleared and every P released under sched.lock,
     * so goroutines may run again. Waking idle Ms for the released Ps comes after; on a busy 2-core machine one
     * thread wakeup can cost the waker a scheduler tick (measured: LockSupport.unpark 3-5 ms), which is not part
     * of the stop. Written by the world-stopper; read by it (the GC's pause accounting).
     */
    public long restartedNanos;
    /**
     * The longest time from a restart to the end of startTheWorld's wakeups (the tail described above); reported
     * as RuntimeStats.maxRestartWakeNanos. Written by the world-stopper (worldsema holder); read racily.
     */
    public volatile long maxWakeTailNanos;
    /** How long each stop-the-world took to stop the Ps, and who held out (RuntimeStats.stopTheWorldTtsp). */
    final TimeToSafePoint ttsp = new TimeToSafePoint(pp -> pp.statusVolatile() == PStatus.RUNNING);

    World(Sched sched) {
        this.sched = sched;
    }

    /** Every P struct made so far, destroyed ones included (their counters stay valid). Any thread. */
    P[] everyP() {
        return everyP;
    }

    /**
     * Stops every P but the caller's; returns with the world stopped, and returns the M the caller runs on now
     * (taking worldsema may have parked it; it then resumed on another M), the one to pass to startTheWorld.
     * Caller runs a goroutine. Go: stopTheWorld.
     */
    public M stopTheWorld(M mp, String reason) {
        G gp = mp.curg;
        sched.worldsema.acquire();
        mp = gp.m;                                       // acquire may have parked us: we may be on another M
        mp.preemptoff = reason;
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.STW_START, mp.p == null ? -1 : mp.p.id, gp.goid, 0, reason);
        }
        stwEvent = StopTheWorldEvent.start(reason);
        stopTheWorldWithSema(mp);
        StopTheWorldEvent.stopped(stwEvent);
        return mp;
    }

    /** Restarts the world stopped by this M. Go: startTheWorld. */
    public void startTheWorld(M mp) {
        startTheWorldWithSema(mp);
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.STW_DONE, mp.p == null ? -1 : mp.p.id, 0, 0, "");
        }
        StopTheWorldEvent.finish(stwEvent, sched.gomaxprocs);
        stwEvent = null;
        mp.preemptoff = "";
        sched.worldsema.release();
    }

    /** Go: stopTheWorldWithSema. Caller holds worldsema and owns its P. */
    void stopTheWorldWithSema(M mp) {
        if (mp.locks > 0) {
            throw new FatalError("stopTheWorld: holding locks");
        }
        boolean wait;
        sched.lock.lock();
        try {
            P[] all = sched.allp();
            ttsp.begin(all);                                    // before the request anyone may see
            sched.stopwait = all.length;
            sched.gcwaiting = true;
            sched.stopnote.clear();
            preemptall(mp);
            mp.p.setStatusVolatile(PStatus.GCSTOP);             // diagnostic only: the caller keeps its P
            sched.stopwait--;
            for (P pp : all) {
                if (pp.casFromSyscall(PStatus.GCSTOP)) {
                    sched.stopwait--;
                }
            }
            P pp;
            while ((pp = sched.pidleget()) != null) {
                pp.setStatusVolatile(PStatus.GCSTOP);
                sched.stopwait--;
            }
            wait = sched.stopwait > 0;
            ttsp.passEnded();
        } finally {
            sched.lock.unlock();
        }
        if (wait && !sched.stopnote.spin(SafePoint.SPIN_NANOS)) {
            while (!sched.stopnote.sleep(SafePoint.WAIT_SLICE_NANOS)) {
                if (sched.exiting()) {
                    return;                              // cut short: see "A stop cut short by the runtime's exit"
                }
                preemptall(mp);
                ttsp.sample(sched.allp());
            }
        }
        if (sched.exiting() && sched.stopwait != 0) {
            return;                                      // woken by the exit, not by the last P
        }
        if (sched.stopwait != 0) {
            throw new FatalError("stopTheWorld: not stopped (stopwait=" + sched.stopwait + ")");
        }
        for (P pp : sched.allp()) {
            if (pp.statusVolatile() != PStatus.GCSTOP) {
                throw new FatalError("stopTheWorld: not stopped (P" + pp.id + " is " + PStatus.name(pp.statusVolatile()) + ")");
            }
        }
        ttsp.end();
        sched.stats.stwRounds.increment();
    }

    /** Go: startTheWorldWithSema. The world was stopped by mp. */
    void startTheWorldWithSema(M mp) {
        if (sched.exiting()) {
            return;                                      // see "A stop cut short by the runtime's exit"
        }
        // What became ready on the network while the world stood still (Go: the non-blocking netpoll first).
        if (sched.netpoll.inited()) {
            sched.goroutines.injectglist(null, sched.netpoll.poll(0));   // every P is stopped: the global queue
        }
        List<P> runnable;
        sched.lock.lock();
        try {
            int procs = newprocs != 0 ? newprocs : sched.gomaxprocs;
            newprocs = 0;
            runnable = procresize(mp, procs);
            sched.gcwaiting = false;
        } finally {
            sched.lock.unlock();
        }
        long restarted = System.nanoTime();
        restartedNanos = restarted;
        sched.sysmon.wakeIfWaiting();
        for (P pp : runnable) {
            M nmp = pp.m;                               // an idle M procresize chose for it, or none
            pp.m = null;
            if (nmp != null) {
                nmp.nextp = pp;
                nmp.park.wakeup();
            } else {
                sched.handoff.newm(pp, /* spinning= */ false);
            }
        }
        sched.handoff.wakep();
        maxWakeTailNanos = Math.max(maxWakeTailNanos, System.nanoTime() - restarted);
    }

    /**
     * Sets the number of Ps to nprocs. Destroyed Ps' Gs go to the head of the global queue. Returns the Ps with
     * local work, each with an idle M in {@code p.m} if one was free. World stopped (or not started: mp null),
     * sched.lock held. Go: procresize.
     */
    public List<P> procresize(M mp, int nprocs) {
        sched.lock.assertHeld("procresize");
        if (nprocs < 1 || nprocs > MAX_GOMAXPROCS) {
            throw new FatalError("procresize: invalid arg " + nprocs);
        }
        P[] old = sched.allp();
        while (pStructs.size() < nprocs) {
            pStructs.add(new P(pStructs.size(), sched.runq, sched.config.runqCapacity(), sched.plocals));
        }
        if (everyP.length != pStructs.size()) {
            everyP = pStructs.toArray(new P[0]);
        }
        for (P pp : pStructs.subList(0, nprocs)) {
            if (pp.statusVolatile() == PStatus.DEAD) {
                pp.setStatusVolatile(PStatus.GCSTOP);           // back from the dead
            }
        }
        // Destroy the Ps beyond nprocs: their work goes to the global queue, in order.
        for (int i = nprocs; i < old.length; i++) {
            destroy(old[i]);
        }
        P[] all = pStructs.subList(0, nprocs).toArray(new P[0]);
        if (mp != null) {
            if (mp.p != null && mp.p.id < nprocs) {
                mp.p.setStatusVolatile(PStatus.RUNNING);        // _Pgcstop -> _Prunning; still mp's
            } else {
                if (mp.p != null) {
                    mp.p.m = null;                      // destroyed above; forget it
                    mp.p = null;
                }
                P p0 = all[0];
                p0.m = mp;                              // the owner record: P0's P-local data is now mp's
                mp.p = p0;
                p0.setStatusVolatile(PStatus.RUNNING);
            }
        }
        List<P> runnable = new ArrayList<>();
        for (int i = nprocs - 1; i >= 0; i--) {
            P pp = all[i];
            if (mp != null && mp.p == pp) {
                continue;
            }
            pp.setStatusVolatile(PStatus.IDLE);
            if (pp.runq.runqempty()) {
                sched.pidleput(pp);
            } else {
                pp.m = sched.mget();
                runnable.add(pp);
            }
        }
        sched.allp = all;
        sched.gomaxprocs = nprocs;
        return runnable;
    }

    private void destroy(P pp) {
        if (pp.statusVolatile() == PStatus.DEAD) {
            return;
        }
        List<G> gs = pp.runq.drain();
        for (int i = gs.size() - 1; i >= 0; i--) {
            sched.runq.globrunqputhead(gs.get(i));
        }
        sched.gfpurge(pp);
        PLocal.destroyAll(pp);
        sched.tracer.retire(pp);
        if (pp.statusVolatile() == PStatus.IDLE) {
            pp.setStatusVolatile(PStatus.GCSTOP);
        }
        pp.setStatusVolatile(PStatus.DEAD);
    }

    /**
     * P pp has stopped for the waiting stop-the-world: {@code stopwait--} (and the time to safe point records it),
     * and wake the stopper once it reaches 0. Called by whoever stopped the P (gcstopm, handoffp,
     * entersyscall_gcwait), not by the stopper itself. Caller holds sched.lock. Go: the {@code sched.stopwait--;
     * if sched.stopwait == 0 {notewakeup(&sched.stopnote)}} step of those functions.
     */
    void stopwaitDec(P pp) {
        sched.lock.assertHeld("stopwaitDec");
        ttsp.stopped(pp);
        sched.stopwait--;
        if (sched.stopwait == 0) {
            sched.stopnote.wakeup();
        }
    }

    /** The M of P pp (owned by its M, a running G) stops for stop-the-world. Go: gcstopm. */
    void gcstopm(M mp) {
        if (!sched.gcwaiting) {
            throw new FatalError("gcstopm: not waiting for gc");
        }
        if (mp.spinning) {
            sched.handoff.stopSpinning(mp, "gcstopm");
        }
        P pp = sched.handoff.releasep(mp);
        sched.lock.lock();
        try {
            pp.setStatusVolatile(PStatus.GCSTOP);
            // Idle before the stopper can see stopwait reach 0: otherwise it may restart the world before this M
            // is on the idle list, and startm would create a thread (milliseconds of pause) instead of reusing it.
            sched.mput(mp);
            stopwaitDec(pp);
        } finally {
            sched.lock.unlock();
        }
        sched.handoff.sleepUntilHandedP(mp);
    }

    /** Asks the G on every running P but the caller's to yield at its next runtime call. Go: preemptall. */
    void preemptall(M mp) {
        for (P pp : sched.allp()) {
            if (pp.statusVolatile() == PStatus.RUNNING) {
                preemptone(mp, pp);
            }
        }
    }

    /** Asks the G running on pp to yield soon; racy by design. Go: preemptone. */
    boolean preemptone(M caller, P pp) {
        M m2 = pp.m;
        if (m2 == null || m2 == caller) {
            return false;
        }
        G gp = m2.curg;
        if (gp == null) {
            return false;
        }
        gp.preempt = true;
        if (caller == null && sched.tracer.on()) {
            sched.tracer.event(null, EventKind.PREEMPT, pp.id, gp.goid, 0, "");
        }
        if (sched.config.godebug().asyncpreemptoff()) {
            return true;
        }
        LoopPoll.raise();                                // after the request: see LoopPoll's protocol
        return true;
    }

    /**
     * Lowers the loop-poll flag, then raises it again if a goroutine running on one of this runtime's Ps, other
     * than self, still has a request pending (LoopPoll's settle). Racy by design, as preemptone. Caller: a
     * goroutine's poll slow path (self) or sysmon (null).
     */
    public void settleLoopPoll(G self) {
        LoopPoll.lower();
        for (P pp : sched.allp()) {
            M mp = pp.m;
            G gp = mp == null ? null : mp.curg;
            if (gp != null && gp != self && gp.preempt && pp.statusVolatile() == PStatus.RUNNING) {
                LoopPoll.raise();
                return;
            }
        }
    }
}
