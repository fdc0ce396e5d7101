package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;

/**
 * An M: one platform thread that runs goroutines while it owns a P (Go: runtime2.go, type m). The thread's own
 * stack, outside any continuation, plays Go's {@code g0}: the "M loop" in {@link MLoop} where scheduler code
 * runs between goroutines.
 *
 * <pre>
 * field        writer                                      others                       mode
 * p            this M (acquirep, releasep, syscall paths)  read by dumps and checks     plain
 * nextp        the waker, before park.wakeup()             this M after waking          volatile
 * spinning     this M; the waker before park.wakeup()      read by dumps                volatile
 * curg         this M (execute, dropg)                     dumps                        plain
 * locks        this M (acquirem/releasem)                  -                            plain
 * syscalltick  this M at syscall entry                     -                            plain
 * schedlink    holder of sched.lock (idle M list)          -                            under sched.lock
 * mcall*       this M's goroutine, right before yielding   this M's loop after it       plain (same thread)
 *              (mcallFn: one of the preallocated McallFns)
 * oldp         this M (syscall entry and exit)             -                            plain
 * insyscall    this M, around Go.syscall                   dumps, schedtrace            volatile
 * blocked      this M, around each of its note sleeps      read by schedtrace           volatile
 * fastrand     code running on this M (select)             -                            plain
 * </pre>
 * Invariant: {@code p != null} implies this M owns p exclusively ({@code p.m == this}, status RUNNING), except
 * for the legacy-order diagnostic switch in Syscall, which exists to show what breaks.
 */
public final class M {
    public final Sched sched;
    final long id;
    /** The platform thread, set once by newm before it starts; null for the thread-less Ms of model tests. */
    public Thread thread;
    public P p;
    volatile P nextp;
    /** The P this M had before entering a system call (Go 1.6+'s m.oldp). */
    public P oldp;
    public G curg;
    volatile boolean spinning;
    final Note park = new Note();
    public int locks;
    /**
     * The flight recorder's ring of this M's events without a P and of its system calls (Tracer): written by this
     * M, read after it ended.
     */
    io.github.gort.internal.trace.TraceBuf tracering;
    String preemptoff = "";
    int syscalltick;
    M schedlink;
    /** True while this M is blocked in a system call (Go.syscall); read by dumps and schedtrace. */
    public volatile boolean insyscall;
    /** True while this M's thread sleeps on a note (its park note in stopm, stopnote, ...). Go: m.blocked. */
    volatile boolean blocked;

    /** What the M loop runs on g0 after the current G yields (Go's mcall argument); one of the preallocated fns. */
    McallFn mcallFn;
    ParkUnlock waitunlockf;
    Object waitlock;
    /** Go: m.fastrand. Random state for select's poll order; touched only by code running on this M. */
    private long fastrand;

    M(Sched sched, long id) {
        this.sched = sched;
        this.id = id;
        this.fastrand = (System.nanoTime() ^ (id + 1) * 0x9E3779B97F4A7C15L) | 1;
    }

    /** A pseudo-random number in [0, n), n > 0 (xorshift64*, Lemire's reduction). Caller runs on this M. Go: cheaprandn. */
    public int fastrandn(int n) {
        long x = fastrand;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        fastrand = x;
        long r = (x * 0x2545F4914F6CDD1DL) >>> 32;
        return (int) ((r * n) >>> 32);
    }

    /**
     * The M running this code, or null on a thread that is not an M.
     *
     * <p>Inside a goroutine this is {@code g.m} of the mounted G, never {@code Thread.currentThread()}: C2 treats
     * the current thread as constant within a compiled frame (true for virtual threads, whose frames never change
     * thread), but a raw continuation resumes on whichever M runs it next, so a frame that yielded would see its
     * old carrier (measured: 919,618 stale reads in 2,000,000 yields across two carriers; CT experiment in
     * docs/HACKING.md). {@code execute} sets {@code g.m} before it mounts the G, and a field read is never
     * cached across the yield call. On the M loop (g0) the thread is the M's own and never changes.
     */
    public static M current() {
        G gp = G.current();
        if (gp != null) {
            return gp.m;
        }
        return Thread.currentThread() instanceof Carrier c ? c.m : PLAYED.get();
    }

    /**
     * Model tests only: the thread-less Ms of a model (ModelWorld) are played by the checker's own threads, which
     * are not Carriers. Read only on threads that are neither in a goroutine nor an M's.
     */
    private static final ThreadLocal<M> PLAYED = new ThreadLocal<>();

    /** Model tests only: from now on the calling (non-M) thread plays mp. */
    static void playOnCurrentThread(M mp) {
        PLAYED.set(mp);
    }

    /** The name of this M's thread, for messages. */
    String threadName() {
        return thread != null ? thread.getName() : "thread-less " + this;
    }

    /** The platform thread running this code, correct inside goroutines too (see {@link #current()}). */
    public static Thread currentThread() {
        M mp = current();
        return mp != null && mp.thread != null ? mp.thread : Thread.currentThread();
    }

    /**
     * True while a JDK park of this M's goroutine must keep the M (GoroutineThread's HELD), as Go's runtime locks
     * block their M: inside the runtime ({@code locks > 0}), or with the world stopped by this goroutine
     * ({@code preemptoff}, set by stopTheWorld), when its P is _Pgcstop and no other goroutine may run. Without
     * the second, a trace's start or stop contending a JDK lock (its queues, the file's stream) let the M look
     * for work on a stopped P (seen in CI: {@code releasep: invalid p state ... _Pgcstop}).
     */
    boolean keepsParkedGoroutine() {
        return locks > 0 || !preemptoff.isEmpty();
    }

    /** Non-preemptible region begins. Go: acquirem. */
    public void acquirem() {
        locks++;
    }

    public void releasem() {
        locks--;
        if (Debug.CHECKS && locks < 0) {
            throw new FatalError("releasem: m" + id + " locks went negative");
        }
    }

    /** The M's id (m0, m1, ...). */
    public long id() {
        return id;
    }

    @Override
    public String toString() {
        return "m" + id;
    }

    /** The platform thread of an M; a throwable it dies of is fatal to the runtime. */
    static final class Carrier extends Thread {
        final M m;

        Carrier(M m, Runnable body) {
            this(m, body, "gort-m" + m.id);
        }

        Carrier(M m, Runnable body, String name) {
            super(null, body, name, 0, false);
            this.m = m;
            setDaemon(true);
            // The last resort: a throwable that escaped even the M loop's own report (say, for want of memory)
            // still ends the runtime as a fatal error instead of ending this thread silently (Exit).
            setUncaughtExceptionHandler(m.sched.exit::uncaught);
        }
    }
}
