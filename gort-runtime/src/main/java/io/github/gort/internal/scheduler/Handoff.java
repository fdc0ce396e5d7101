package io.github.gort.internal.scheduler;

import io.github.gort.trace.EventKind;
import io.github.gort.runtime.FatalError;

/**
 * Handing Ps to Ms and Ms to sleep (Go: proc.go acquirep, releasep, wakep, startm, stopm, handoffp, newm,
 * resetspinning). Everything here runs on an M's own thread (or the runtime's starter), never inside a goroutine
 * switch.
 *
 * <h2>"Delicate dance": submitting work versus going idle (Go: proc.go, "Worker thread parking/unparking")</h2>
 * Two rules keep a runnable G from sitting next to an idle CPU, without a lock on the fast paths:
 * <ol>
 * <li>A submitter (newproc, ready, handoffp) first publishes the work (a run queue store), then reads
 *     {@code nmspinning}; if it is 0 and a P is idle it wakes a spinner ({@link #wakep}).
 * <li>A spinner that gives up first decrements {@code nmspinning}, then re-reads every run queue
 *     (MLoop.checkRunqsNoP) and, if it finds work, takes an idle P and spins again.
 * </ol>
 * Both sides do store-then-load on different variables; Java volatile/atomic accesses are sequentially
 * consistent, which gives the StoreLoad order Go gets from its atomics. Do not weaken them. Then either the
 * submitter sees the spinner, or the spinner sees the work. {@code needspinning} closes the last gap: a spinner
 * that finds work but no idle P sets it, and an M about to drop its P becomes the spinner instead.
 */
public final class Handoff {
    /** Go's limit on threads (runtime/debug.SetMaxThreads default). */
    static final int MAX_M_COUNT = 10_000;

    private final Sched sched;

    public Handoff(Sched sched) {
        this.sched = sched;
    }

    /** mp takes ownership of the idle P pp. Caller obtained pp exclusively. Go: acquirep / wirep. */
    void acquirep(M mp, P pp) {
        if (mp.p != null || pp.m != null || pp.statusVolatile() != PStatus.IDLE) {
            throw new FatalError("acquirep: invalid p state: " + mp + ".p=" + mp.p + ", P" + pp.id + ".m="
                    + pp.m + " status " + PStatus.name(pp.statusVolatile()));
        }
        mp.p = pp;
        pp.m = mp;                              // the owner record, P-local data included (see PLocal)
        pp.setStatusVolatile(PStatus.RUNNING);          // publishes m; P-local caches are now mp's
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.PROC_START, pp.id, 0, 0, "");
        }
        sched.sysmon.wakeIfWaiting();           // a P runs again: end sysmon's deep sleep (Sysmon, "The deep sleep")
    }

    /** mp gives up its P, which becomes IDLE and is still the caller's to pass on. Go: releasep. */
    P releasep(M mp) {
        P pp = mp.p;
        if (pp == null || pp.m != mp || pp.statusVolatile() != PStatus.RUNNING) {
            throw new FatalError("releasep: invalid p state: " + mp + ".p=" + pp
                    + (pp == null ? "" : ", p.m=" + pp.m + " status " + PStatus.name(pp.statusVolatile())));
        }
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.PROC_STOP, pp.id, 0, 0, "");
        }
        mp.p = null;
        pp.m = null;
        pp.setStatusVolatile(PStatus.IDLE);
        return pp;
    }

    /** Tries to add one more spinning M with an idle P, if none spins. Any thread. Go: wakep. */
    void wakep() {
        // No idle P: nothing to wake (Go 1.19's first check; it keeps ready/newproc off sched.lock at GOMAXPROCS=1).
        if (sched.npidle.get() == 0) {
            return;
        }
        if (sched.nmspinning.get() != 0 || !sched.nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp;
        sched.lock.lock();
        try {
            pp = sched.pidleget();
            if (pp == null) {
                sched.needspinning.set(1);       // Go: pidlegetSpinning
                decNmspinning("wakep");
                return;
            }
        } finally {
            sched.lock.unlock();
        }
        startm(pp, /* spinning= */ true);
    }

    /**
     * Runs pp on an idle M, or a new one. Caller owns pp (or pp is null: take an idle P, else give up, undoing
     * a spinning count). The P is passed through {@code m.nextp} before the wakeup. Go: startm.
     */
    public void startm(P pp, boolean spinning) {
        M nmp;
        sched.lock.lock();
        try {
            if (pp == null) {
                pp = sched.pidleget();
                if (pp == null) {
                    if (spinning) {
                        decNmspinning("startm");
                    }
                    return;
                }
            }
            nmp = sched.mget();
        } finally {
            sched.lock.unlock();
        }
        if (nmp == null) {
            newm(pp, spinning);
            return;
        }
        if (nmp.p != null || nmp.spinning) {
            throw new FatalError("startm: " + nmp + " has p or is spinning");
        }
        nmp.spinning = spinning;
        nmp.nextp = pp;
        nmp.park.wakeup();
    }

    /** Creates an M (a platform thread) that starts with pp. Go: newm. */
    void newm(P pp, boolean spinning) {
        if (sched.exiting()) {
            // No new threads once exiting; give the P back so the accounting stays whole.
            sched.lock.lock();
            try {
                sched.pidleput(pp);
            } finally {
                sched.lock.unlock();
            }
            if (spinning) {
                decNmspinning("newm");
            }
            return;
        }
        if (sched.mcount() >= MAX_M_COUNT) {
            throw new FatalError("newm: thread exhaustion: " + MAX_M_COUNT + " Ms (threads) already exist;"
                    + " goroutines blocked in Go.syscall each hold one");
        }
        if (sched.threadless) {
            throw new FatalError("newm: this runtime is a thread-less model; give it enough idle Ms");
        }
        M mp = new M(sched, sched.nextMid());
        mp.nextp = pp;
        mp.spinning = spinning;
        mp.thread = new M.Carrier(mp, () -> sched.mloop.mstart(mp));
        sched.allm.add(mp);
        mp.thread.start();
    }

    /** Puts mp to sleep until it is handed a P (or the runtime exits). mp owns no P. Go: stopm. */
    void stopm(M mp) {
        if (mp.locks != 0) {
            throw new FatalError("stopm: holding locks");
        }
        if (mp.p != null) {
            throw new FatalError("stopm: holding p");
        }
        if (mp.spinning) {
            throw new FatalError("stopm: spinning");
        }
        sched.lock.lock();
        try {
            if (sched.exiting()) {
                return;
            }
            sched.mput(mp);
        } finally {
            sched.lock.unlock();
        }
        sleepUntilHandedP(mp);
    }

    /** The second half of stopm: mp is on the idle list; sleep until a waker hands it a P, then acquire it. */
    void sleepUntilHandedP(M mp) {
        mp.park.sleep();
        mp.park.clear();
        P pp = mp.nextp;
        if (pp == null) {
            if (sched.exiting()) {
                return;
            }
            throw new FatalError("stopm: " + mp + " woken without a P");
        }
        mp.nextp = null;
        acquirep(mp, pp);
    }

    /**
     * Passes pp on: to an M if there is work, to stop-the-world if it waits, runs a pending safe-point function
     * for it, else puts it on the idle list. Caller owns pp (after releasep, or after winning a CAS out of
     * SYSCALL); pp is IDLE. Go: handoffp.
     */
    void handoffp(P pp) {
        sched.stats.handoffs.increment();
        // 1. Local or global work: start an M for it.
        if (!pp.runq.runqempty() || sched.runq.size() > 0) {
            startm(pp, /* spinning= */ false);
            return;
        }
        // 2. No spinning M and no idle P: this P becomes a spinner's, so work arriving soon finds one.
        if (sched.nmspinning.get() + sched.npidle.get() == 0 && sched.nmspinning.compareAndSet(0, 1)) {
            sched.needspinning.set(0);
            startm(pp, /* spinning= */ true);
            return;
        }
        sched.lock.lock();
        try {
            // 3. A stop-the-world is waiting for this P.
            if (sched.gcwaiting) {
                pp.setStatusVolatile(PStatus.GCSTOP);
                sched.world.stopwaitDec(pp);
                return;
            }
            // 4. A pending safe-point function: run it here, as this P's owner, still under the lock.
            if (pp.runSafePointFnVolatile() != 0 && pp.casRunSafePointFn()) {
                PLocal.runAsOwner(pp, sched.safePoint::runOnBehalf);
            }
            // 5. Work arrived meanwhile; or this is the last running P, goroutines wait on the network and nobody
            //    polls it: an M for the poll (it gives the P back and blocks in findRunnable's poll). Go checks
            //    lastpoll only; waiters spares a thread wake-up when nothing waits.
            boolean pollNeeded = sched.npidle.get() == sched.gomaxprocs - 1 && sched.netpoll.waiters() > 0
                    && sched.lastpoll.get() != 0;
            if (sched.runq.size() > 0 || pollNeeded) {
                sched.lock.unlock();
                try {
                    startm(pp, /* spinning= */ false);
                } finally {
                    sched.lock.lock();
                }
                return;
            }
            // 6. Idle.
            sched.pidleput(pp);
        } finally {
            sched.lock.unlock();
        }
    }

    /**
     * Drops one from the spinning count, taken for an M that does not spin (any more); fatal if it goes below 0.
     * Go: {@code sched.nmspinning.Add(-1)} with its "negative nmspinning" throw.
     */
    void decNmspinning(String where) {
        if (sched.nmspinning.decrementAndGet() < 0) {
            throw new FatalError(where + ": negative nmspinning");
        }
    }

    /** mp, which was spinning, stops: clears mp.spinning, then drops the count. Caller is mp. Go: the same pair. */
    void stopSpinning(M mp, String where) {
        mp.spinning = false;
        decNmspinning(where);
    }

    /** mp starts looking for work. Go: m.becomeSpinning. */
    void becomeSpinning(M mp) {
        mp.spinning = true;
        sched.nmspinning.incrementAndGet();
        sched.needspinning.set(0);
    }

    /** mp found work while spinning: stop spinning, and wake another spinner if needed. Go: resetspinning. */
    void resetspinning(M mp) {
        stopSpinning(mp, "resetspinning");
        wakep();
    }
}
