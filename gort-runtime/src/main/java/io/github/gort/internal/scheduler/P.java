package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P: the right to run goroutine code, plus the per-P caches that go with it (Go: runtime2.go, type p).
 * An M must own a P to run Gs, to allocate, to use a P-local cache, and to put into its run queue.
 */
public final class P {
    /*
     * Ownership          writer                                    other threads may        mode
     *   status           owner while RUNNING; CAS winner out of    read; CAS from SYSCALL   volatile / CAS
     *                    SYSCALL; the STW caller, world stopped    (statusVolatile, setStatusVolatile, casStatus,
     *                                                              casFromSyscall; volatile: see statusVolatile)
     *   m                whoever moves status; a transient owner   read after status        plain, published by status
     *                    (PLocal.runAsOwner) sets and restores it
     *   link             holder of sched.lock (idle list)          -                        under sched.lock
     *   runq             see Runq (owner puts; anyone steals)
     *   schedtick        owner, as it picks a G that starts a      sysmon reads (racy)      plain (int, racy reads ok)
     *                    new time slice (MLoop.picked, exitsyscall0)
     *   syscalltick      whoever takes it out of SYSCALL; owner    sysmon reads (racy)      volatile
     *   syscallg         the owner in reentersyscall, before       the CAS winner out of    plain, published by status
     *                    publishing SYSCALL                        SYSCALL (SyscallLostP)
     *   gFree, goidcache owner                                     -                        plain
     *   gCreated,        owner (countCreated, countExited)         any thread sums them     release store /
     *    gExited                                                   (Sched.goroutineCount)   acquire load
     *   runSafePointFn   forEachP caller sets 1 (sched.lock)       owner/CAS winner clears  volatile / CAS
     *                    (setRunSafePointFnVolatile)               (casRunSafePointFn)
     *   locals           see PLocal (owner only)
     *
     * Invariants (SchedInvariants checks them; transitions assert them when Debug.CHECKS)
     *   I1  status == RUNNING  <=>  m != null && m.p == this
     *   I2  status == IDLE     ==>  runq is empty and this P is on sched.pidle once, unless in transit
     *   I3  m is the one record of who owns this P: its M (acquirep, or procresize giving the world-stopper a
     *       P), or a transient owner inside PLocal.runAsOwner. Clearing it (releasep, reentersyscall) is what
     *       gives up P-local data; there is no second record to keep in step.
     *   I4  pending P-local work (the safe-point function, which may dispose gcw) runs BEFORE status becomes
     *       SYSCALL (golang/go#11640; Syscall.reentersyscall)
     */
    private static final VarHandle STATUS = VarHandles.field(MethodHandles.lookup(), P.class, "status", int.class);
    private static final VarHandle RUNSAFEPOINTFN =
            VarHandles.field(MethodHandles.lookup(), P.class, "runSafePointFn", int.class);
    private static final VarHandle G_CREATED = VarHandles.field(MethodHandles.lookup(), P.class, "gCreated", long.class);
    private static final VarHandle G_EXITED = VarHandles.field(MethodHandles.lookup(), P.class, "gExited", long.class);

    public final int id;
    private volatile int status = PStatus.GCSTOP;
    public M m;
    P link;
    int schedtick;
    volatile int syscalltick;
    /** The G whose system call put this P in SYSCALL last (for sysmon's SyscallLostP event); stale otherwise. */
    public G syscallg;
    final SysmonTick sysmontick = new SysmonTick();
    public final Runq runq;
    /**
     * Dead Gs for reuse (Go: p.gFree): a stack in {@code gFree[0..gFreeCount)}. An array, not Go's list linked
     * through schedlink, so that moving a batch to or from the global list copies references instead of writing
     * into every G (each such store is a GC write barrier and a cache miss on the JVM).
     */
    final G[] gFree = new G[Sched.GFREE_LOCAL_MAX];
    int gFreeCount;
    /**
     * Goroutines created and ended on this P, over the runtime's life (a destroyed P keeps its counts: the struct
     * is reused if GOMAXPROCS grows again). Counters of the P, not shared ones, because every go statement and
     * every goroutine's end adds one: two Ms adding to shared counters (even two adjacent LongAdders) keep moving
     * one cache line between their cores.
     */
    private long gCreated;
    private long gExited;
    long goidcache;
    /** This P's execution-trace buffer (Go: p.trace.buf); see Tracer for who may write it. */
    io.github.gort.internal.trace.TraceBuf tracebuf;
    long goidcacheend;
    private volatile int runSafePointFn;   // volatile loads and stores, CAS through RUNSAFEPOINTFN
    /** P-local data slots (see PLocal) and the registry that defines them. */
    Object[] locals = new Object[0];
    PLocal.Registry registry;

    public P(int id, GlobalRunq globalRunq, int runqCapacity, PLocal.Registry registry) {
        this.id = id;
        this.runq = new Runq(this, globalRunq, runqCapacity);
        this.registry = registry;
    }

    public int id() {
        return id;
    }

    /**
     * The status, by a volatile load: volatile, not acquire, because the stopper's scan of the Ps after its
     * {@code gcwaiting} store and reentersyscall's {@code gcwaiting} load after its {@code _Psyscall} store are a
     * store-then-load pair on two variables (Dekker), which needs sequential consistency.
     */
    public int statusVolatile() {
        return status;
    }

    /**
     * A move by the exclusive owner (acquirep, releasep, reentersyscall, gcstopm, procresize), by a volatile
     * store: it publishes every plain write before it, which is what makes RUNNING -> SYSCALL a publication point,
     * and it is sequentially consistent for the pairing described at {@link #statusVolatile}.
     */
    void setStatusVolatile(int next) {
        if (Debug.CHECKS) {
            PStatus.checkTransition("setStatusVolatile", this, status, next);
        }
        status = next;
    }

    /** The only way out of SYSCALL (and out of a stale view of it). Exactly one caller wins; it owns this P. */
    boolean casStatus(int expect, int next) {
        if (Debug.CHECKS) {
            PStatus.checkTransition("casStatus", this, expect, next);
        }
        return STATUS.compareAndSet(this, expect, next);
    }

    /**
     * Takes this P out of SYSCALL for someone other than the M in the call (sysmon's retake, stop-the-world,
     * forEachP, entersyscall_gcwait): CAS SYSCALL -> next, and if it won, {@code syscalltick++}, so the M's
     * snapshot of the tick no longer matches and sysmon sees a new period. Returns whether it won; the winner
     * owns this P. A cheap read first keeps losers off the CAS. Go: {@code atomic.Cas(&pp.status, _Psyscall,
     * next)} followed by {@code pp.syscalltick++} (retake, stopTheWorldWithSema, forEachP).
     */
    boolean casFromSyscall(int next) {
        if (status != PStatus.SYSCALL || !casStatus(PStatus.SYSCALL, next)) {
            return false;
        }
        syscalltick++;
        return true;
    }

    /** Whether a safe-point function is pending for this P (1) or not (0), by a volatile load. */
    public int runSafePointFnVolatile() {
        return runSafePointFn;
    }

    /** forEachP marks this P, under sched.lock, by a volatile store (read racily by the owner at its safe points). */
    void setRunSafePointFnVolatile(int v) {
        runSafePointFn = v;
    }

    /** Claims this P's pending safe-point function; the winner must run it. Go: atomic.Cas(&p.runSafePointFn, 1, 0). */
    boolean casRunSafePointFn() {
        return RUNSAFEPOINTFN.compareAndSet(this, 1, 0);
    }

    /** A goroutine was created on this P. Caller owns the P. */
    void countCreated() {
        G_CREATED.setRelease(this, gCreated + 1);
    }

    /** A goroutine ended on this P. Caller owns the P. */
    void countExited() {
        G_EXITED.setRelease(this, gExited + 1);
    }

    /** The goroutines created on this P so far. Any thread. */
    long created() {
        return (long) G_CREATED.getAcquire(this);
    }

    /** The goroutines that ended on this P so far. Any thread. */
    long exited() {
        return (long) G_EXITED.getAcquire(this);
    }

    /** Debug-mode owner check: the caller's M owns this P. */
    void assertOwnedBy(M mp, String where) {
        if (Debug.CHECKS && (m != mp || mp.p != this)) {
            throw new FatalError(where + ": P" + id + " is not owned by " + mp + " (p.m=" + m + ", status "
                    + PStatus.name(status) + ")");
        }
    }

    @Override
    public String toString() {
        return "P" + id + "[" + PStatus.name(status) + "]";
    }

    /** sysmon's last observations of this P (Go: p.sysmontick). Written only by sysmon. */
    static final class SysmonTick {
        int schedtick;
        long schedwhen;
        int syscalltick;
        long syscallwhen;
    }
}
