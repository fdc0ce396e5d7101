package io.github.gort.internal.scheduler;

import io.github.gort.internal.metrics.SchedLatency;
import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A goroutine (Go: runtime2.go, type g). Its stack is a JDK virtual thread scheduled by gort
 * ({@link GoroutineThread}, the default mode) or a raw {@link Continuation} ({@code GODEBUG=goroutines=continuation});
 * a dead G struct is reused through the free lists with a fresh stack, as Go reuses G structs (and their stacks).
 *
 * <pre>
 * field         writer                                    others                          mode
 * atomicstatus  see GStatus (casgstatus)                  read by anyone (statusVolatile) CAS / volatile
 * goid, fn,     the creator while DEAD/IDLE, before       read after the status publish   plain
 *  cont, parent  publishing RUNNABLE
 * thread        the M that first runs the struct (thread()), kept for the struct's later    plain, published
 *               goroutines; a goroutine's end may swap it (goexitHandoff); the move to the   by the run queues
 *               global free list drops it (dropStack)                                        and free lists
 * m             the M that runs it (execute, dropg)       dumps; the G itself after a     plain (same thread
 *                                                         yield: the M it resumed on      as the M that set it)
 * schedlink     whoever holds the queue or list it is on  -                               plain, under that guard
 * waitreason,   its own M, before parking                 dumps (racy, or with the world  plain
 *  waitsince                                                stopped)
 * preempt       anyone sets (volatile store); its M       its M reads at runtime calls    volatile; the clear
 *               clears it in execute (clearPreempt)       (volatile load)                 is opaque (PREEMPT)
 * param         the waker, before goready                 the G after it resumes          plain, published by
 *                                                                                          the status CAS
 * trackingSeq,  whoever makes a status transition, right  the next transition's maker    plain, published by
 *  tracking,     after its CAS (SchedLatency.transition)                                   the hand-over (run
 *  runnable*                                                                               queue, status CAS)
 * longRunning-  sysmon, before its preempt request; the G  the G at its next preemption   plain, published by
 *  Since         clears it (and execute, clearPreempt)     point (LongRunningGoroutine)    the preempt store
 * </pre>
 * Invariants: a G is in exactly one place (running on one M, one run queue, one wait structure, or a free list);
 * every status change is a legal pair from {@link GStatus#allowed} made by CAS.
 */
public final class G {
    /** The scope every goroutine's continuation yields to: the M loop (Go's g0). */
    static final ContinuationScope SCOPE = new ContinuationScope("gort-goroutine");

    private static final VarHandle ATOMICSTATUS =
            VarHandles.field(MethodHandles.lookup(), G.class, "atomicstatus", int.class);
    private static final VarHandle PREEMPT = VarHandles.field(MethodHandles.lookup(), G.class, "preempt", boolean.class);

    public final Sched sched;
    /** Goroutine id; 1 is the main goroutine. */
    public long goid;
    private volatile int atomicstatus = GStatus.IDLE;
    /** The stack in the continuation mode; null in the virtual-thread mode. */
    Continuation cont;
    /** The stack in the virtual-thread mode; null in the continuation mode. */
    GoroutineThread thread;
    Runnable fn;
    long parentGoid;
    public M m;
    G schedlink;
    String waitreason = "";
    /**
     * When this G last parked ({@code System.nanoTime()}), for the dump's {@code , N minutes}; meaningful only
     * while it is _Gwaiting. Go: g.waitsince (Go records it lazily, at the GC's root scan; gort at each park).
     */
    long waitsince;
    /** Preemption request: anyone sets it (volatile store); its M clears it in execute (opaque store). */
    public volatile boolean preempt;
    Object param;
    /**
     * Set when a system call of this G outlasted a sysmon tick (its P was taken meanwhile): its next
     * {@code Go.syscall} hands the P off at once. Cleared by a short call. Only the G itself touches it.
     */
    boolean syscallBlocks;
    /** The exception that escaped fn: an unrecovered panic. Written by the G itself as it dies. */
    Throwable panic;
    /**
     * Scheduling-latency sampling (internal.metrics.SchedLatency, Go: g.trackingSeq, tracking, runnableStamp,
     * runnableTime): see the field table.
     */
    public byte trackingSeq;
    public boolean tracking;
    public long runnableStamp;
    public long runnableTime;
    /**
     * When the time slice began that sysmon found 10 ms old and asked to yield (nanoTime; 0: none), set by sysmon
     * before its preemption request only while JFR records LongRunningGoroutine; the G commits the event at its
     * next preemption point and clears it; execute clears it for a new slice (internal.jfr.LongRunningGoroutineEvent).
     */
    public long longRunningSince;
    /** Entry point of every continuation this struct hosts; allocated once per struct. */
    private final Runnable entry = this::enter;

    public G(Sched sched) {
        this.sched = sched;
    }

    /**
     * Prepares fn to run: a fresh continuation, or, in the virtual-thread mode, the struct's own thread (made by the
     * M that first runs it: {@link #thread()}). Caller is the creator; status is DEAD. Go: newproc1.
     */
    void init(long id, long parent, Runnable body) {
        goid = id;
        parentGoid = parent;
        fn = body;
        if (!sched.virtualThreads) {
            cont = new GoContinuation(this, entry);
        }                                    // else the dead G's thread, parked in goexit, or one made at first run
        panic = null;
        preempt = false;
        syscallBlocks = false;
        waitreason = "";
        param = null;
        SchedLatency.created(this);
    }

    void enter() {
        try {
            fn.run();
        } catch (Goexit e) {
            // Go.goexit(): the goroutine ends normally.
        } catch (Throwable t) {
            panic = t;
        }
    }

    /**
     * This struct's virtual thread, made and started on first use: by the M that runs its first goroutine, off
     * the creating goroutine's path (a go statement only queues the G, as with a continuation) and on a platform
     * thread, where the JDK's start costs least. Caller is the M about to run this G.
     */
    GoroutineThread thread() {
        GoroutineThread t = thread;
        if (t == null) {
            t = GoroutineThread.start(this);
            thread = t;
        }
        return t;
    }

    /**
     * A dead G moving to the global free list lets go of its virtual thread, parked between goroutines in its
     * last goexit: nothing resumes it, and the JVM's GC reclaims it with its stack chunk. Go frees the stacks of
     * the Gs on its global free list the same way, at each GC (markrootFreeGStacks), and keeps those of the
     * P-local lists. Kept, they were what the JVM's GC copied and scanned: after spawn (1,000,000 goroutines
     * at GOMAXPROCS 2) the heap after a full GC held 108 MB instead of 17 MB. A G without a thread gets the
     * goroutine thread that hands off to it at a goroutine's end, or a new one from the M that first runs it.
     * Caller holds the G (on its way to the global list); status DEAD.
     */
    void dropStack() {
        GoroutineThread t = thread;
        if (t == null) {
            return;
        }
        if (Debug.CHECKS && !t.idleInGoexit) {
            throw new FatalError("global free list: dead goroutine " + goid + " holds a virtual thread that is not parked in"
                    + " goexit");
        }
        thread = null;
    }

    public long goid() {
        return goid;
    }

    /** The status, by a volatile load (every change is a CAS: {@link #casgstatus}). Go: readgstatus. */
    public int statusVolatile() {
        return atomicstatus;
    }

    /**
     * Moves the status from {@code old} to {@code next} by CAS; anything else is fatal (Go: proc.go casgstatus,
     * "casgstatus: bad incoming values"). Caller is the G's owner for this transition (GStatus table).
     */
    void casgstatus(int old, int next) {
        if (Debug.CHECKS && !GStatus.allowed(old, next)) {
            throw new FatalError("casgstatus: bad incoming values: goroutine " + goid + " "
                    + GStatus.name(old) + " -> " + GStatus.name(next));
        }
        if (!ATOMICSTATUS.compareAndSet(this, old, next)) {
            throw new FatalError("casgstatus: goroutine " + goid + " waiting for " + GStatus.name(old)
                    + " but is " + GStatus.name(atomicstatus) + " (wanted " + GStatus.name(next) + ")");
        }
        if (old == GStatus.RUNNING || tracking) {
            SchedLatency.transition(this, old, next);
        }
    }

    /**
     * Clears a preemption request as the G starts a new time slice. Opaque, not volatile: a request that races
     * with this store is either seen now or re-made by sysmon's next round (as Go's plain store of gp.preempt).
     */
    void clearPreempt() {
        PREEMPT.setOpaque(this, false);
        longRunningSince = 0;
    }

    /** True if this G's continuation has run to its end. Caller owns the G; continuation mode. */
    boolean finished() {
        return cont.isDone();
    }

    @Override
    public String toString() {
        return "goroutine " + goid + " [" + GStatus.name(atomicstatus) + "]";
    }

    /**
     * The G mounted on the calling thread, or null outside any goroutine. In the virtual-thread mode the goroutine
     * is its thread; in the continuation mode this, not the thread, is how code inside a goroutine finds itself:
     * see {@link M#current()} for why thread identity cannot be trusted there.
     */
    public static G current() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            GoroutineThread gt = GoroutineThread.Support.of(t);   // its scheduler; null on a JDK virtual thread
            return gt != null ? gt.g : null;
        }
        return Continuation.getCurrentContinuation(SCOPE) instanceof GoContinuation c ? c.g : null;
    }

    /** A goroutine's stack: a continuation that knows its G. */
    static final class GoContinuation extends Continuation {
        final G g;

        GoContinuation(G g, Runnable entry) {
            super(SCOPE, entry);
            this.g = g;
        }

        /**
         * A yield that cannot happen (a native frame or a critical section on the stack) makes
         * {@code Continuation.yield} return false instead of throwing: {@code Goroutines.tryMcall} decides.
         */
        @Override
        protected void onPinned(Continuation.Pinned reason) {
        }
    }

    /** Thrown by {@code Go.goexit()} to unwind the goroutine's stack; caught at its entry. */
    public static final class Goexit extends Error {
        private static final long serialVersionUID = 1L;

        public Goexit() {
            super("goexit", null, false, false);
        }
    }
}
