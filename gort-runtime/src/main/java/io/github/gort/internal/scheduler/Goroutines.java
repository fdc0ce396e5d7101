package io.github.gort.internal.scheduler;

import io.github.gort.internal.jfr.LongRunningGoroutineEvent;
import io.github.gort.runtime.FatalError;
import io.github.gort.trace.EventKind;
import jdk.internal.vm.Continuation;

/**
 * Creating, parking, readying, yielding and ending goroutines (Go: proc.go newproc, newproc1, gopark, park_m,
 * goready, ready, Gosched/gosched_m, goyield, gopreempt_m, goexit0).
 *
 * <p>Methods named {@code ...M} run on the M loop right after the G yielded (Go's mcall targets); the others run
 * inside a goroutine. Parking is Go's: the G sets {@code m.mcallFn} to {@link #parkMFn} and yields its continuation;
 * on the M loop
 * the G becomes {@code _Gwaiting} and only then does the unlock callback release the structure the G waits on.
 * So a waker can never see {@code _Gwaiting} for a G that is still mounted.
 */
public final class Goroutines {
    private final Sched sched;
    /** Set once the main goroutine runs; before that newproc does not wake spinners (Go: mainStarted). */
    public volatile boolean mainStarted;
    /**
     * Set by the main goroutine in Go.goexit: when it ends, the program goes on with the other goroutines, and ends
     * in checkdead once they are done or blocked (Go: runtime.Goexit in main). Written by goroutine 1 before its
     * stack unwinds; read by goexit0 on the M loop after the G finished (same G, ordered by its status changes).
     */
    public volatile boolean mainCalledGoexit;

    // The mcall targets below, one preallocated function each (see McallFn).
    final McallFn parkMFn = this::parkM;
    final McallFn goschedMFn = this::goschedM;
    final McallFn goyieldMFn = this::goyieldM;
    final McallFn gopreemptMFn = this::gopreemptM;
    final McallFn goexit0Fn = this::goexit0;

    Goroutines(Sched sched) {
        this.sched = sched;
    }

    // ------------------------------------------------------------------------------- inside a goroutine

    /** The current M, which must be running a goroutine of this runtime; else a clear IllegalStateException. */
    public static M goroutineM(String what) {
        G gp = G.current();                                   // a goroutine is a mounted G, whatever the thread
        M mp = gp == null ? null : gp.m;
        if (mp == null || mp.curg == null) {
            throw new IllegalStateException(what + " must be called from a goroutine, but the current thread ("
                    + M.currentThread().getName() + ") is not running one; start a runtime with"
                    + " GoRuntime.run(config, main) and call it from main or a goroutine started with Go.go");
        }
        return mp;
    }

    /**
     * Starts fn as a new goroutine, in the caller's runnext. Caller runs a goroutine. A caller in a system call
     * ({@code Go.go} inside {@code Go.syscall}) owns no P: the new G is made without P-local caches and goes to
     * the global run queue, and an idle P is woken for it (Go allows {@code go} anywhere). Go: newproc.
     */
    public G newproc(M mp, Runnable fn) {
        mp.acquirem();
        try {
            P pp = mp.p;
            if (pp == null) {
                G newg = newproc1NoP(fn, mp.curg.goid);
                if (sched.tracer.on()) {
                    sched.tracer.event(mp, EventKind.GO_CREATE, -1, newg.goid, newg.parentGoid, functionName(fn));
                }
                injectglobal(newg);
                return newg;
            }
            if (Debug.CHECKS) {
                pp.assertOwnedBy(mp, "newproc");         // newproc1 counts the G on pp (P.countCreated)
            }
            G newg = newproc1(pp, fn, mp.curg.goid);
            if (sched.tracer.on()) {
                sched.tracer.event(mp, EventKind.GO_CREATE, pp.id, newg.goid, newg.parentGoid, functionName(fn));
            }
            pp.runq.runqputnext(newg);
            if (mainStarted) {
                sched.handoff.wakep();
            }
            return newg;
        } finally {
            mp.releasem();                           // also when newproc1 throws: no lock count is left behind
        }
    }

    /** A RUNNABLE G for fn, reusing a dead G struct when pp has one. Caller owns pp. Go: newproc1. */
    G newproc1(P pp, Runnable fn, long parentGoid) {
        G newg = sched.gfget(pp);
        if (newg == null) {
            newg = new G(sched);
            newg.casgstatus(GStatus.IDLE, GStatus.DEAD);
            sched.allgs.add(newg);
        }
        newg.init(sched.newGoid(pp), parentGoid, fn);
        newg.casgstatus(GStatus.DEAD, GStatus.RUNNABLE);
        pp.countCreated();
        return newg;
    }

    /** The main goroutine (goid 1), made before any M runs; also the timer thread's AfterFunc goroutines. */
    public G newMain(Runnable fn) {
        G g = newproc1NoP(fn, 0);
        if (sched.tracer.on()) {
            sched.tracer.event(M.current(), EventKind.GO_CREATE, -1, g.goid, 0, functionName(fn));
        }
        return g;
    }

    /** The name a trace gives the function a goroutine runs: its class (a lambda's is its hidden class). */
    static String functionName(Runnable fn) {
        return fn.getClass().getName();
    }

    /**
     * A RUNNABLE G for fn made without a P: a fresh G struct (the free lists of dead Gs are P-local) and a goid
     * from the global counter (which hands the Ps their batches too, so ids stay unique). Any thread.
     */
    G newproc1NoP(Runnable fn, long parentGoid) {
        G g = new G(sched);
        g.casgstatus(GStatus.IDLE, GStatus.DEAD);
        sched.allgs.add(g);
        g.init(sched.newGoidNoP(), parentGoid, fn);
        g.casgstatus(GStatus.DEAD, GStatus.RUNNABLE);
        sched.gCreatedNoP.incrementAndGet();
        return g;
    }

    /**
     * Parks the current goroutine; {@code unlockf(gp, lock)} runs once it is WAITING, and may cancel the park by
     * returning false. It resumes when someone calls {@link #goready}. Go: gopark.
     */
    public void gopark(M mp, ParkUnlock unlockf, Object lock, String reason) {
        G gp = mp.curg;
        if (gp.statusVolatile() != GStatus.RUNNING) {
            throw new IllegalStateException("gopark: goroutine " + gp.goid + " is " + GStatus.name(gp.statusVolatile())
                    + (gp.statusVolatile() == GStatus.SYSCALL
                            ? ": goroutine operations that block (channels, sync, sleep) cannot be used inside"
                            + " Go.syscall; do them before or after the system call"
                            : ""));
        }
        if (mp.locks != 0) {
            throw new FatalError("gopark: " + mp + " holds " + mp.locks + " locks (non-preemptible region)");
        }
        mp.waitunlockf = unlockf;
        mp.waitlock = lock;
        gp.waitreason = reason;
        gp.waitsince = System.nanoTime();
        mcall(mp, parkMFn);
    }

    /** Yields the continuation to the M loop, which then runs fn for this G. mp is stale afterwards. Go: mcall. */
    static void mcall(M mp, McallFn fn) {
        if (!tryMcall(mp, fn)) {
            throw new FatalError("mcall: goroutine " + mp.curg.goid + " cannot yield: its " + (mp.curg.thread != null
                    ? "virtual thread" : "continuation") + " is pinned (a native frame or a critical section is on"
                    + " its stack)");
        }
    }

    /**
     * As {@link #mcall}, but a stack that cannot yield (pinned by a native frame or a class initializer) is not an
     * error: it returns false at once, having changed nothing. True once
     * the G runs again (mp is stale then).
     */
    static boolean tryMcall(M mp, McallFn fn) {
        mp.mcallFn = fn;
        GoroutineThread thread = mp.curg.thread;
        if (thread != null) {
            return thread.tryYieldToM(mp);
        }
        if (!Continuation.yield(G.SCOPE)) {
            mp.mcallFn = null;
            return false;
        }
        return true;
    }

    /** Puts the current G on the global queue and reschedules. Go: Gosched. */
    public void gosched(M mp) {
        mcall(mp, goschedMFn);
    }

    /** Puts the current G, running on mp, at the tail of mp's P's local queue and reschedules. Go: goyield. */
    public void goyield(M mp) {
        mcall(mp, goyieldMFn);
    }

    /**
     * Yields at the next runtime call if preemption was requested and allowed, and returns the M the goroutine
     * runs on afterwards: mp itself if it did not yield, else the M that resumed it (which may be another one).
     * Callers carry on with the returned M only. Go: the stack-check preempt.
     */
    public static M checkPreempt(M mp) {
        G gp = mp.curg;
        if (gp.preempt && mp.locks == 0 && mp.preemptoff.isEmpty() && gp.statusVolatile() == GStatus.RUNNING) {
            LongRunningGoroutineEvent.atSafePoint(gp);
            mcall(mp, mp.sched.goroutines.gopreemptMFn);
            return gp.m;                             // execute set gp.m before it resumed us
        }
        return mp;
    }

    /**
     * The slow path of a loop poll (gort-agent's back-edge check, {@code LoopPoll.poll}): yields if the runtime
     * asked this goroutine to and it may, and otherwise carries on. Go: goschedguarded, the target of the
     * compiler's loop rescheduling checks, which also refuses to yield in the states where a yield is not allowed.
     *
     * <p>Runs in any thread that executes instrumented code: a thread that is not a goroutine (main, a pool, the M
     * loop) returns at once. A goroutine yields only when its own request is pending and it is running on its M with
     * no runtime lock, no preemptoff reason and no system call; a pinned stack (a native frame, a class
     * initializer) goes on and is asked again by the next request. Whatever
     * happens, the poll flag is settled for this runtime first: lowered, and raised again if another running
     * goroutine still has a request (LoopPoll's protocol).
     */
    public static void goschedguarded() {
        G gp = G.current();
        if (gp == null) {
            return;
        }
        M mp = gp.m;
        if (mp == null || mp.curg != gp) {
            return;
        }
        gp.sched.world.settleLoopPoll(gp);
        if (!gp.preempt || mp.locks != 0 || !mp.preemptoff.isEmpty() || gp.statusVolatile() != GStatus.RUNNING) {
            return;
        }
        LongRunningGoroutineEvent.atSafePoint(gp);
        if (!tryMcall(mp, mp.sched.goroutines.gopreemptMFn)) {
            gp.sched.stats.pinnedPolls.increment();
        }
    }

    // ------------------------------------------------------------------------------- on the M loop (g0)

    /** Go: park_m. */
    G parkM(M mp, G gp) {
        boolean tracing = sched.tracer.on();
        if (tracing) {
            // gopark read the clock for waitsince a moment ago, on this M, with no event in between.
            sched.tracer.eventAt(gp.waitsince, mp, EventKind.GO_BLOCK, mp.p.id, gp.goid, 0, gp.waitreason);
        }
        gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);
        dropg(mp, gp);
        ParkUnlock fn = mp.waitunlockf;
        Object lock = mp.waitlock;
        mp.waitunlockf = null;
        mp.waitlock = null;
        if (fn != null && !fn.unlock(gp, lock)) {
            gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
            gp.waitreason = "";
            if (tracing) {
                sched.tracer.event(mp, EventKind.GO_UNBLOCK, mp.p.id, gp.goid, gp.goid, "");
            }
            return gp;                               // park cancelled: run it again at once, same time slice
        }
        return null;
    }

    /** Go: gosched_m / goschedImpl. */
    G goschedM(M mp, G gp) {
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_SCHED, mp.p.id, gp.goid, 0, "gosched");
        }
        return goschedImpl(mp, gp);
    }

    /** Go: goschedImpl. */
    private G goschedImpl(M mp, G gp) {
        gp.casgstatus(GStatus.RUNNING, GStatus.RUNNABLE);
        dropg(mp, gp);
        injectglobal(gp);
        return null;
    }

    /** Go: goyield_m (the G goes to the tail of the local queue). */
    G goyieldM(M mp, G gp) {
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_SCHED, mp.p.id, gp.goid, 0, "yield");
        }
        gp.casgstatus(GStatus.RUNNING, GStatus.RUNNABLE);
        dropg(mp, gp);
        mp.p.runq.runqput(gp);
        return null;
    }

    /** Go: gopreempt_m. */
    G gopreemptM(M mp, G gp) {
        sched.stats.preempts.increment();
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_SCHED, mp.p.id, gp.goid, 0, "preempted");
        }
        return goschedImpl(mp, gp);
    }

    /** The G's function returned (or it panicked, or called Go.goexit). Returns null: schedule. Go: goexit0. */
    G goexit0(M mp, G gp) {
        if (gp.statusVolatile() != GStatus.RUNNING) {
            // An exception escaped from the runtime itself (say, inside a syscall exit) and left the G mid-state.
            throw new FatalError("goexit0: goroutine " + gp.goid + " ended in status " + GStatus.name(gp.statusVolatile())
                    + (gp.panic == null ? "" : ": " + gp.panic), gp.panic);
        }
        Throwable panic = gp.panic;
        long goid = gp.goid;
        end(mp, gp);
        try {
            // Report first: gfput may allocate, and after an OutOfMemoryError only Exit's reserve makes room.
            if (panic != null) {
                sched.exit.panic(goid, panic);
            } else if (goid == 1 && !mainCalledGoexit) {
                sched.exit.mainReturned();
            }
            // main called Go.goexit: the program goes on; checkdead ends it ("no goroutines ...") once nothing runs.
        } finally {
            sched.gfput(mp.p, gp);
        }
        return null;
    }

    /**
     * The virtual-thread mode's shortcut at a goroutine's end (no Go counterpart: Go's goexit0 always goes through
     * g0): when the next G of mp's P has not started, the dying goroutine's thread takes it on at once, instead of
     * switching to the M loop to end gp and then making a new thread for that G. This does goexit0's work for gp
     * and execute's for the next G, on the thread, and returns that G now RUNNING on mp; or returns null, with
     * nothing changed, when the M loop must decide (a stop-the-world or safe-point function is pending, a
     * preemption was asked, gp panicked or is main, the 1-in-61 look at the global queue is due, or the next G has
     * a stack of its own: a thread in the middle of a goroutine, which goes back to the front of the queue). A
     * next G whose reused struct brings an idle thread (parked in its last goexit) counts as never run: the two
     * threads swap structs. Caller is gp itself, as it ends, on mp, which owns a P.
     */
    G goexitHandoff(M mp, G gp) {
        P pp = mp.p;
        if (gp.panic != null || gp.goid == 1 || mp.locks != 0 || gp.preempt || sched.gcwaiting || sched.exiting()
                || pp.runSafePointFnVolatile() != 0 || (pp.schedtick % 61 == 0 && sched.runq.size() > 0)) {
            return null;                             // the last: the M loop's turn to take from the global queue
        }
        G next = pp.runq.runqgetNext();
        boolean inheritTime = next != null;
        if (next == null) {
            next = pp.runq.runqgetRing();
            if (next == null) {
                return null;
            }
        }
        GoroutineThread theirs = next.thread;
        if (theirs != null && !theirs.idleInGoexit) {
            pp.runq.runqputnext(next);               // a goroutine with a stack of its own; runnext was empty:
            return null;                             // it stays the next to run
        }
        if (!inheritTime) {
            pp.schedtick++;                          // a G from the ring starts a time slice (MLoop.picked)
        }
        GoroutineThread mine = gp.thread;
        next.m = mp;
        mine.host(next);                             // from here code on this thread is next's (M.current: next.m)
        next.thread = mine;
        // The struct next came in (reused) may bring an idle thread, parked in its last goexit: the dead struct
        // takes it, so that it still has one when reused. Before gfput, which may hand gp to another P.
        gp.thread = theirs;
        if (theirs != null) {
            theirs.host(gp);
        }
        end(mp, gp);
        sched.gfput(pp, gp);
        mp.curg = next;
        next.casgstatus(GStatus.RUNNABLE, GStatus.RUNNING);
        next.clearPreempt();
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_START, pp.id, next.goid, 0, "");
        }
        return next;
    }

    /** gp's function is done: _Gdead, off mp, its fields cleared. goexit0's first half. */
    private void end(M mp, G gp) {
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.GO_END, mp.p == null ? -1 : mp.p.id, gp.goid, 0, "");
        }
        gp.casgstatus(GStatus.RUNNING, GStatus.DEAD);
        dropg(mp, gp);
        gp.fn = null;
        gp.cont = null;                              // a virtual thread (gp.thread) stays with the struct
        gp.param = null;
        gp.panic = null;
        gp.waitreason = "";
        P pp = mp.p;
        if (pp == null) {
            throw new FatalError("goexit: goroutine " + gp.goid + " ended on " + mp + ", which owns no P");
        }
        pp.assertOwnedBy(mp, "goexit");                  // debug mode; the count is the P's (P.countExited)
        pp.countExited();
    }

    /**
     * Makes gp runnable: into the runnext of mp's P if mp belongs to this runtime and owns a P, else the global
     * queue. mp is the M the caller runs on, found once at the API edge (null on a thread that is not an M); the
     * caller must not have parked or yielded since. Never parks. Go: goready, ready (on the current M).
     */
    public void goready(M mp, G gp) {
        if (Debug.CHECKS && mp != M.current()) {
            throw new FatalError("goready: called with " + mp + " on " + M.current()
                    + " (an M kept across a park or yield?)");
        }
        if (sched.tracer.on()) {
            traceUnblock(mp, gp);
        }
        if (mp != null && mp.sched == sched && mp.p != null) {
            gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
            gp.waitreason = "";
            mp.p.runq.runqputnext(gp);
            sched.handoff.wakep();
            return;
        }
        // No P (a plain thread completing a future, sysmon, a syscall M): Go's injectglist with no P.
        gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
        gp.waitreason = "";
        injectglobal(gp);
    }

    /** GO_UNBLOCK of gp by the goroutine running on mp, if any (a timer, the poller or a plain thread: 0). */
    void traceUnblock(M mp, G gp) {
        boolean ours = mp != null && mp.sched == sched;
        G by = ours ? mp.curg : null;
        sched.tracer.event(ours ? mp : null, EventKind.GO_UNBLOCK, ours && mp.p != null ? mp.p.id : -1, gp.goid,
                by == null ? 0 : by.goid, "");
    }

    /**
     * Puts a RUNNABLE gp on the global run queue and wakes a spinner if a P is idle. Any thread, with or without
     * a P. Go: globrunqput under sched.lock + wakep (injectglist with no P).
     */
    public void injectglobal(G gp) {
        sched.lock.lock();
        try {
            sched.runq.globrunqput(gp);
        } finally {
            sched.lock.unlock();
        }
        sched.handoff.wakep();
    }

    /**
     * Makes every G of list (all _Gwaiting: the network poller's harvest) runnable. Without a P (sysmon, an M
     * back from the blocking poll without one, a plain thread) they all go to the global queue and an M is started
     * for each idle P they can use. With one, as many as there are idle Ps go to the global queue, with an M
     * started for each, and the rest to mp's P's local queue, which mp runs next. Go: injectglist.
     */
    public void injectglist(M mp, java.util.List<G> list) {
        int n = list.size();
        if (n == 0) {
            return;
        }
        boolean tracing = sched.tracer.on();
        for (G gp : list) {
            if (tracing) {
                sched.tracer.event(mp != null && mp.sched == sched ? mp : null, EventKind.GO_UNBLOCK, -1, gp.goid, 0,
                        "");
            }
            gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
            gp.waitreason = "";
        }
        P pp = mp != null && mp.sched == sched ? mp.p : null;
        int global = pp == null ? n : Math.min(n, sched.npidle.get());
        if (global > 0) {
            sched.lock.lock();
            try {
                for (int i = 0; i < global; i++) {
                    sched.runq.globrunqput(list.get(i));
                }
            } finally {
                sched.lock.unlock();
            }
            for (int i = 0; i < global && sched.npidle.get() != 0; i++) {
                sched.handoff.startm(null, /* spinning= */ false);   // Go: injectglist's startIdle
            }
        }
        for (int i = global; i < n; i++) {
            pp.runq.runqput(list.get(i));
        }
    }

    private static void dropg(M mp, G gp) {
        mp.curg = null;
        gp.m = null;
    }

    /** Parks the current goroutine with nothing that will ready it. Go: gopark(nil, nil, waitReasonChanSendNilChan). */
    public static void blockForever(M mp, String reason) {
        mp.sched.goroutines.gopark(mp, null, null, reason);
        throw new FatalError(reason + ": a goroutine blocked forever was resumed");
    }
}
