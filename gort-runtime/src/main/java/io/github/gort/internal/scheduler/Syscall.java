package io.github.gort.internal.scheduler;

import io.github.gort.trace.EventKind;
import io.github.gort.diagnosis.SyscallOrder;
import jdk.internal.vm.Continuation;

/**
 * System calls: a goroutine about to block in the kernel (or in any Java call that blocks its thread) gives up
 * its P so that other goroutines keep running (Go: proc.go entersyscall, reentersyscall, entersyscall_gcwait,
 * entersyscallblock, exitsyscall, exitsyscallfast, exitsyscall0).
 *
 * <p>The M, a platform thread, blocks inside the call with the goroutine's continuation still mounted, exactly as
 * Go's M blocks in the kernel. Only the slow exit path yields the continuation (the G goes to the global queue)
 * and parks the M.
 *
 * <h2>reentersyscall, in Go's order (Go: proc.go reentersyscall)</h2>
 * <ol>
 * <li>{@code m.locks++}; the G goes {@code _Grunning -> _Gsyscall}; wake sysmon if it sleeps.
 * <li><b>If the P has a pending safe-point function, run it now, while this M still owns the P.</b> (the seed fix,
 *     golang/go#11640: the function may dispose {@code p.gcw})
 * <li>{@code m.syscalltick = p.syscalltick}; {@code m.oldp = p}; {@code m.p = nil}; {@code p.m = nil}, the
 *     owner record and with it the right to P-local data (Go 1.5 also cleared {@code m.mcache} here).
 * <li><b>Store {@code p.status = _Psyscall}: the publication point.</b> From here sysmon's retake, a forEachP
 *     caller or a stop-the-world may CAS the P away and hand it to another M; this M must not touch anything
 *     P-local until it wins a CAS back in exitsyscall.
 * <li>If a stop-the-world is pending, compete for the P by CAS and give it to the stopper.
 * </ol>
 * <p>Both orders take one path; the pause point right after step 4 ({@link #afterPublishHook}) runs in both, so
 * that tests and the model checker can stop the M inside the window. The legacy order
 * ({@link SyscallOrder#LEGACY_UNSAFE}, diagnosis only) runs step 2 after step 4, as Go did before the seed commit: the
 * function then runs on a P that another M may already own. Go 1.26 keeps the rule
 * but moves the publication point to the G's status ({@code _Gsyscall} by CAS).
 */
public final class Syscall {
    private final Sched sched;
    /** Test hook: runs right after the _Psyscall store, in both orders (see {@link #afterPublish}). */
    public volatile Runnable afterPublishHook;
    /**
     * Where reentersyscall runs a pending safe-point function: FIXED, or LEGACY_UNSAFE for diagnosis only (set
     * through {@code io.github.gort.diagnosis.Diagnosis#syscallOrder} before the runtime starts, then read-only).
     */
    public SyscallOrder order = SyscallOrder.FIXED;
    /** exitsyscall's mcall target, preallocated (see McallFn). */
    final McallFn exitsyscall0Fn = this::exitsyscall0;

    public Syscall(Sched sched) {
        this.sched = sched;
    }

    /** The G on mp enters a system call that is usually quick. Go: entersyscall / reentersyscall. */
    void reentersyscall(M mp, G gp) {
        mp.acquirem();
        gp.casgstatus(GStatus.RUNNING, GStatus.SYSCALL);
        sched.stats.syscalls.increment();
        sched.sysmon.wakeIfWaiting();
        P pp = mp.p;
        SyscallOrder order = this.order;
        if (order == SyscallOrder.FIXED) {
            runPendingSafePointFn(mp, pp);                     // still ours (golang/go#11640)
        }
        if (sched.tracer.on()) {                               // recorded as the M publishes _Psyscall, while
            sched.tracer.event(mp, EventKind.SYSCALL_ENTER, pp.id, gp.goid, 0, "");   // it still owns pp
        }
        mp.syscalltick = pp.syscalltick;
        mp.oldp = pp;
        pp.syscallg = gp;                                      // who lost the P, if sysmon retakes it
        mp.p = null;
        pp.m = null;                                           // the owner record: P-local data is no longer ours
        mp.insyscall = true;
        pp.setStatusVolatile(PStatus.SYSCALL);                 // PUBLICATION POINT: any M may now CAS pp away.
        // From here this M must not touch pp's run queue or P-local data.
        afterPublish();
        if (order == SyscallOrder.LEGACY_UNSAFE) {
            // UNSAFE (pre-fix Go): the function runs on a P this M no longer owns. In debug mode its first
            // P-local access fails the owner check; without checks it races with the P's new owner.
            runPendingSafePointFn(mp, pp);
        }
        if (sched.gcwaiting) {
            entersyscallGcwait(pp);
        }
        mp.releasem();
    }

    private void runPendingSafePointFn(M mp, P pp) {
        if (pp.runSafePointFnVolatile() != 0) {
            sched.safePoint.runSafePointFn(mp, pp);
        }
    }

    /**
     * The window right after the {@code _Psyscall} store, in both orders: tests pause here (a latch, a model
     * checker's switch point) so that another M can take the P before this one goes on. Reads one volatile field
     * when no hook is set.
     */
    private void afterPublish() {
        Runnable hook = afterPublishHook;
        if (hook != null) {
            hook.run();
        }
    }

    /** Calls shorter than this clear a goroutine's "blocks" mark (see {@link #syscall}). */
    static final long SHORT_SYSCALL_NANOS = 20_000;

    /**
     * Runs call as a system call of gp on mp: Go.syscall's body. The handoff policy:
     * <ul>
     * <li>By default, Go's: publish {@code _Psyscall} and keep the P; if the call outlasts a sysmon tick, sysmon
     *     retakes the P for others. A quick call takes its P back by CAS without any handoff.
     * <li>A goroutine whose last call lost its P that way is marked as blocking: its next calls hand the P off at
     *     once ({@link #entersyscallblock}), so other goroutines do not wait for sysmon (Go waits; this is why
     *     Go's CPU work slows down next to blocking goroutines). A marked call that turns out short clears the
     *     mark. Only marked calls read the clock.
     * </ul>
     * Go.blockingSyscall declares the call blocking and always hands off at once.
     */
    public <T> T syscall(M mp, G gp, java.util.concurrent.Callable<T> call) throws Exception {
        if (gp.syscallBlocks) {
            long t0 = System.nanoTime();
            try {
                return blockingSyscall(mp, gp, call);
            } finally {
                if (System.nanoTime() - t0 < SHORT_SYSCALL_NANOS) {
                    gp.syscallBlocks = false;
                }
            }
        }
        reentersyscall(mp, gp);
        try {
            return callPinned(gp, call);
        } finally {
            exitsyscall(mp, gp);
        }
    }

    /** Runs call as a system call declared to block: the P is handed off at once. Go.blockingSyscall's body. */
    public <T> T blockingSyscall(M mp, G gp, java.util.concurrent.Callable<T> call) throws Exception {
        entersyscallblock(mp, gp);
        try {
            return callPinned(gp, call);
        } finally {
            exitsyscall(mp, gp);
        }
    }

    /**
     * Runs a system call's body. A goroutine's virtual thread is pinned to its M meanwhile: a Java call inside that
     * would park (a lock, a socket read) blocks the M, as a system call blocks Go's M, and the P stays handed
     * off; the goroutine leaves the call on the thread and M it entered it on, so a lock taken inside is owned
     * by the goroutine afterwards.
     */
    private static <T> T callPinned(G gp, java.util.concurrent.Callable<T> call) throws Exception {
        if (gp.thread == null) {
            return call.call();
        }
        Continuation.pin();
        try {
            return call.call();
        } finally {
            Continuation.unpin();
        }
    }

    /** A stop-the-world is pending: give it our P if it still is in SYSCALL. Go: entersyscall_gcwait. */
    private void entersyscallGcwait(P pp) {
        sched.lock.lock();
        try {
            if (sched.stopwait > 0 && pp.casFromSyscall(PStatus.GCSTOP)) {
                sched.world.stopwaitDec(pp);
            }
        } finally {
            sched.lock.unlock();
        }
    }

    /**
     * The G on mp enters a call known to block: the P is handed off at once and never enters SYSCALL (a pending
     * safe-point function runs in handoffp or on the M that receives the P). Go: entersyscallblock.
     */
    void entersyscallblock(M mp, G gp) {
        mp.acquirem();
        P pp = mp.p;
        mp.syscalltick = pp.syscalltick;
        pp.syscalltick++;
        gp.casgstatus(GStatus.RUNNING, GStatus.SYSCALL);
        sched.stats.syscalls.increment();
        mp.insyscall = true;
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.SYSCALL_ENTER, pp.id, gp.goid, 0, "");
            sched.tracer.event(mp, EventKind.SYSCALL_HANDOFF, pp.id, gp.goid, 0, "");
        }
        sched.handoff.handoffp(sched.handoff.releasep(mp));
        mp.releasem();
    }

    /**
     * The G on mp returns from its system call: take the old P back by CAS, or any idle P, else park the G on
     * the global queue and stop the M. Returns with the G running on some M that owns a P. Go: exitsyscall.
     */
    void exitsyscall(M mp, G gp) {
        mp.acquirem();
        if (exitsyscallFastPath(mp, gp)) {
            mp.releasem();
            return;
        }
        mp.releasem();
        sched.stats.syscallSlowExits.increment();
        Goroutines.mcall(mp, exitsyscall0Fn);
        // Running again, on whichever M picked the G up (execute set gp.m); that M owns a P. mp is stale.
        gp.m.p.syscalltick++;
    }

    /** The fast path of exitsyscall: true if mp now owns a P and gp runs on. Caller is gp's M, non-preemptible. */
    boolean exitsyscallFastPath(M mp, G gp) {
        mp.insyscall = false;
        P oldp = mp.oldp;
        mp.oldp = null;
        if (!exitsyscallfast(mp, oldp)) {
            return false;
        }
        mp.p.syscalltick++;
        gp.casgstatus(GStatus.SYSCALL, GStatus.RUNNING);
        sched.stats.syscallFastExits.increment();
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.SYSCALL_EXIT, mp.p.id, gp.goid, 0, "fast");
        }
        return true;
    }

    /** Wins back oldp, or takes an idle P. Go: exitsyscallfast (1.6+: CAS to _Pidle, then wirep). */
    private boolean exitsyscallfast(M mp, P oldp) {
        if (oldp != null && oldp.statusVolatile() == PStatus.SYSCALL && oldp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            sched.handoff.acquirep(mp, oldp);
            return true;
        }
        if (oldp != null && mp.curg != null) {
            mp.curg.syscallBlocks = true;                      // the P was taken: this call blocked a while
        }
        if (sched.npidle.get() > 0) {
            P pp = sched.pidlegetLocking();
            if (pp != null) {
                sched.sysmon.wakeIfWaiting();
                sched.handoff.acquirep(mp, pp);
                return true;
            }
        }
        return false;
    }

    /** On the M loop: no P was free. The G waits on the global queue; the M stops. Go: exitsyscall0. */
    G exitsyscall0(M mp, G gp) {
        G next = exitsyscallNoP(mp, gp);
        if (next == null) {
            sched.handoff.stopm(mp);
        }
        return next;
    }

    /**
     * exitsyscall0 before stopm: the G becomes RUNNABLE; with an idle P mp takes it and returns gp to run at
     * once, else gp goes to the global queue and this returns null. On the M loop.
     */
    G exitsyscallNoP(M mp, G gp) {
        if (sched.tracer.on()) {
            sched.tracer.event(mp, EventKind.SYSCALL_EXIT, -1, gp.goid, 0, "slow");
        }
        gp.casgstatus(GStatus.SYSCALL, GStatus.RUNNABLE);
        mp.curg = null;
        gp.m = null;
        P pp;
        sched.lock.lock();
        try {
            pp = sched.pidleget();
            if (pp == null) {
                sched.runq.globrunqput(gp);
            }
        } finally {
            sched.lock.unlock();
        }
        if (pp == null) {
            return null;
        }
        sched.handoff.acquirep(mp, pp);
        pp.schedtick++;                              // gp starts a new time slice on pp (Go: execute(gp, false))
        return gp;
    }
}
