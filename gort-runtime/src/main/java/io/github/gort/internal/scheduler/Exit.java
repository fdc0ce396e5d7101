package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a runtime ends: the main goroutine returns, a goroutine panics, or a fatal error (a broken invariant, or
 * Go's {@code checkdead}: every goroutine asleep). The first of these wins; the runtime then stops scheduling,
 * wakes every M so its thread ends, and {@link GoRuntime#run} returns or throws.
 * (Go: proc.go main's exit, checkdead, mexit; panic.go fatalpanic; the crash output of throw.)
 *
 * <pre>
 * field       writer                                    others                       mode
 * begun       the first outcome (CAS)                   -                            atomic
 * exiting     begin, once                               everyone polls it            volatile
 * result      begin, before exiting and done            GoRuntime.run after done     volatile
 * reserve     GoRuntime.run's start sets it; the first  -                            volatile
 *             report (or begin) drops it
 * </pre>
 *
 * <h2>Nothing ends silently</h2>
 * Any throwable that escapes runtime code ends the runtime as a fatal error, whichever thread it escapes on: the
 * M loop ({@code MLoop.mstart}), sysmon, the timer thread, and as a last resort each runtime thread's
 * uncaught-exception handler ({@link #uncaught}). Reporting must survive the heap being full, which is when a JVM
 * error is most likely, and where even code run for the first time allocates (resolving a class for an
 * {@code instanceof} calls the class loader; the first string concatenation links its call site). So the first
 * step of every report drops {@link #reserve}, before anything else; the runtime is ending, so the reserve is not
 * needed again. If building the report fails anyway, the report is one made in advance ({@code runtime: out of
 * memory}, Go's text).
 */
public final class Exit {
    /**
     * Heap set aside while the runtime runs, for reporting an OutOfMemoryError (the report, the dump, the threads'
     * ends). Measured with a 128 MB heap kept full: 256 KB was not enough for the report, 1 MB (one G1 region
     * there) was, alone; with the goroutine dump and five such programs at once on 2 cores, ThrowableOnMTest's
     * program failed 4 runs of 30 with 1 MB (with the other fixes of that day) and none of 30 with 4 MB.
     */
    private static final int RESERVE_BYTES = 4 << 20;

    private final Sched sched;
    private final AtomicBoolean begun = new AtomicBoolean();
    volatile boolean exiting;
    private volatile Throwable result;
    private final CountDownLatch done = new CountDownLatch(1);
    @SuppressWarnings("unused")                      // held only to be dropped: see "Nothing ends silently"
    private volatile byte[] reserve;
    /** The report when no memory is left to describe the error: made up front, as nothing can be made then. */
    private final FatalError outOfMemory = new FatalError("runtime: out of memory");
    /** The report when describing an error failed for another reason (its toString threw, no stack left). */
    private final FatalError undescribable =
            new FatalError("runtime: unexpected error on a runtime thread (describing it failed)");

    public Exit(Sched sched) {
        this.sched = sched;
    }

    /**
     * Sets the reserve aside and builds each kind of report once, so that their code is linked before the heap can
     * be full: the first {@code instanceof OutOfMemoryError} here resolves the class through the class loader (Java
     * code that allocates), and each string concatenation links its call site on first use. Unlinked, a report made
     * with the heap full failed in its catch block too, and no thread reached {@link #begin} (seen once in five
     * runs of ThrowableOnMTest's program, five at once: m0, sysmon and the MBean registrar each died of an
     * OutOfMemoryError thrown from their uncaught-exception handler, and GoRuntime.run waited for ever). The runtime
     * is starting (GoRuntime.run). Model tests never start, and hold none.
     */
    public void reserveForReports() {
        reserve = new byte[RESERVE_BYTES];
        OutOfMemoryError sample = new OutOfMemoryError("gort: a report's warm-up");
        report("start-up", sample);
        report("start-up", new BootstrapMethodError("gort: a report's warm-up", sample));
        fallback(sample, sample);
        new GoPanic(0, sample);
    }

    void mainReturned() {
        begin(null);
    }

    /** An exception escaped goroutine goid: Go's unrecovered panic. Survives a full heap (see "Nothing ends silently"). */
    void panic(long goid, Throwable cause) {
        reserve = null;                              // first: before anything that may allocate (below)
        Throwable report;
        try {
            report = new GoPanic(goid, cause);
        } catch (Throwable noRoom) {                 // no heap (or stack) left even for the report
            report = fallback(cause, noRoom);
        }
        begin(report);
    }

    public void fatal(FatalError e) {
        begin(e);
    }

    /**
     * t escaped runtime code running on where (an M, sysmon, the timer thread): a fatal error, also when no
     * memory is left to describe it. Any thread.
     */
    void unexpected(Object where, Throwable t) {
        reserve = null;                              // first: building the report allocates
        begin(report(where, t));
    }

    /** The fatal error that reports t, escaped from runtime code on where; one made in advance if that fails. */
    private FatalError report(Object where, Throwable t) {
        try {
            return t instanceof FatalError f ? f
                    : new FatalError("runtime: unexpected " + describe(t) + " on " + where, t);
        } catch (Throwable describeFailed) {         // t's toString threw, or no heap or stack was left for it
            return fallback(t, describeFailed);
        }
    }

    /**
     * t, named by the OutOfMemoryError behind it when there is one: code that runs out of memory while it links a
     * lambda or initializes a class fails with a BootstrapMethodError or an ExceptionInInitializerError whose
     * cause is the OutOfMemoryError (seen in CI on sysmon while a goroutine filled the heap), and the report should
     * say what ran out. Otherwise t and its root cause: a class whose initialization failed earlier fails again as
     * {@code NoClassDefFoundError: Could not initialize class}, and only its cause says why.
     */
    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return t.toString();
        }
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
            if (root instanceof OutOfMemoryError) {
                return root + " (raised as " + t + ")";
            }
        }
        return root == t ? t.toString() : t + " (caused by " + root + ")";
    }

    /** The report made in advance, for when building one failed. */
    private FatalError fallback(Throwable t, Throwable describeFailed) {
        return t instanceof OutOfMemoryError || describeFailed instanceof OutOfMemoryError ? outOfMemory : undescribable;
    }

    /**
     * The uncaught-exception handler of every runtime thread: a thread that dies of t ends the runtime (the last
     * resort when even the thread's own report failed, say for want of memory). Go: a fault on any M is fatal.
     */
    void uncaught(Thread thread, Throwable t) {
        unexpected(thread, t);
    }

    /**
     * Drops one count of {@code sched.externalWaiters}, after the goroutine it stood for was readied (or will not
     * be: a deleted timer). The last drop runs checkdead again: the readied goroutine may have blocked meanwhile
     * and its M gone idle while the count still held checkdead back, and no M would look again (Go's checkdead
     * sees the timers itself; here the timer thread and future completions are outside the M count). Any thread
     * not holding sched.lock.
     */
    public void externalWaiterDone() {
        if (sched.externalWaiters.decrementAndGet() == 0) {
            sched.lock.lock();
            try {
                checkdead();
            } finally {
                sched.lock.unlock();
            }
        }
    }

    /** The first outcome wins; later ones (a panic racing main's return) are dropped, as Go exits at once. */
    private void begin(Throwable outcome) {
        reserve = null;                              // the runtime ends: whatever happens, it is not needed again
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        result = outcome;
        exiting = true;
        try {
            for (int i = 0; i < sched.allm.size(); i++) {    // by index: no iterator to allocate (out of memory)
                sched.allm.get(i).park.wakeup();
            }
            sched.stopnote.wakeup();
            sched.safePointNote.wakeup();
            sched.sysmon.wake();
            sched.netpoll.netpollBreak();                 // an M blocked in the poll
            sched.timers.stop();
            sched.world.preemptall(null);
        } finally {
            // GoRuntime.run wakes whatever happened above: with the heap full a wake-up step may throw an
            // OutOfMemoryError, and every later report returns at once (begun), so without this the caller waited
            // forever (seen: ThrowableOnMTest's program hung with m0, m1 and sysmon dead of OutOfMemoryError).
            done.countDown();
        }
    }

    public Throwable result() {
        return result;
    }

    public void await() throws InterruptedException {
        done.await();
    }

    /**
     * An M thread ends: a P it still owns goes to {@code _Pgcstop} (nobody's), like a final stop-the-world, so
     * the quiescent state stays consistent for SchedInvariants. An M that was stopping the world when the runtime
     * began to exit (stopTheWorldWithSema gives up then) still owns its P in {@code _Pgcstop}; it lets go of it
     * the same way. Go: mexit.
     */
    void mexit(M mp) {
        P pp = mp.p;
        if (pp != null && pp.m == mp && pp.statusVolatile() == PStatus.RUNNING) {
            sched.handoff.releasep(mp);
            sched.lock.lock();
            try {
                pp.setStatusVolatile(PStatus.GCSTOP);
            } finally {
                sched.lock.unlock();
            }
        } else if (pp != null && pp.m == mp && pp.statusVolatile() == PStatus.GCSTOP) {
            sched.lock.lock();
            try {
                mp.p = null;
                pp.m = null;
            } finally {
                sched.lock.unlock();
            }
        }
        if (mp.spinning) {
            sched.handoff.stopSpinning(mp, "mexit");
        }
    }

    /**
     * Fatal "all goroutines are asleep - deadlock!" when no M runs and no goroutine can be woken: none is in a
     * system call, none waits on a timer or on a Java future. Caller holds sched.lock. Go: checkdead.
     */
    void checkdead() {
        sched.lock.assertHeld("checkdead");
        if (exiting) {
            return;
        }
        int run = sched.mcount() - sched.nmidle - sched.nmidlelocked;
        if (run > 0) {
            return;
        }
        if (run < 0) {
            throw new FatalError("checkdead: inconsistent counts: mcount=" + sched.mcount() + " nmidle="
                    + sched.nmidle + " nmidlelocked=" + sched.nmidlelocked);
        }
        if (sched.externalWaiters.get() > 0) {
            return;                                  // something outside the scheduler will wake a goroutine
        }
        int waiting = 0;
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.statusVolatile();
            if (s == GStatus.WAITING) {
                waiting++;
            } else if (s == GStatus.RUNNABLE || s == GStatus.RUNNING || s == GStatus.SYSCALL) {
                // Seen racily while an M is being woken for it; not a deadlock.
                return;
            }
        }
        if (waiting == 0) {
            fatal(new FatalError("no goroutines (main called runtime.Goexit) - deadlock!"));
        } else {
            fatal(new FatalError("all goroutines are asleep - deadlock!"));
        }
    }
}
