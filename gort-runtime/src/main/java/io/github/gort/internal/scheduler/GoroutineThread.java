package io.github.gort.internal.scheduler;

import io.github.gort.trace.EventKind;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import jdk.internal.vm.ThreadContainer;

/**
 * A goroutine's stack in the virtual-thread mode: a JDK virtual thread whose scheduler is this object, so that the
 * JDK's own parks (a {@code ReentrantLock}, a monitor, {@code Thread.sleep}, socket I/O) and gort's switches
 * (gopark, gosched, preemption, goexit, a syscall exit without a P) both come back through Go's run queues.
 *
 * <p>The JDK talks to a scheduler in one way only: {@link #execute}, its "this virtual thread may run now" (the
 * start, a {@code LockSupport.unpark} of a parked thread, the release of a monitor it waits for, a
 * {@code Thread.yield}). An M runs the thread by calling the Runnable it was given there: the thread mounts on the
 * M's platform thread and runs until it unmounts, and the call returns. What the M does next depends on why it
 * unmounted, which {@link #state} records:
 * <pre>
 * state       meaning                                            set by
 * IDLE        unmounted, and gort holds it: just started, or     the JDK's submit (start, a gort switch's
 *             switched out by gort, or readied after a JDK park   yield), the M (a JDK wake it took over)
 * MOUNTED     mounted on gp.m, running                            the M, before it runs the task
 * SWITCHING   the G asked for a gort switch (mcall: m.mcallFn)    the G, before its Thread.yield
 *             and is yielding
 * JDK_PARKED  the JDK unmounted it (park, monitor, wait, sleep)   the M, after it made the G _Gwaiting and
 *             and its M has let it go: the JDK's submit readies it    dropped it
 * JDK_WOKEN   the JDK's submit came while it was still MOUNTED    the submit (execute)
 *             as far as its M knew: the M readies it
 * HELD        the JDK unmounted it inside the runtime (m.locks    the M
 *             > 0) or while it had the world stopped: its M
 *             waits for the submit, as Go's runtime locks block
 *             the M (M.keepsParkedGoroutine)
 * EXITED      a throwable escaped its entry loop (never expected:  the thread, last thing on its stack
 *             G.enter catches the goroutine's): the thread ended
 * </pre>
 * Transitions, each a CAS unless only one party can be there: IDLE -> MOUNTED (the M that took the G from a run
 * queue); MOUNTED -> SWITCHING (the G) -> IDLE (the submit of its Thread.yield, on the same M, before the task
 * returns); MOUNTED -> JDK_PARKED / JDK_WOKEN / HELD (the M and the submit race: the CAS decides); JDK_PARKED ->
 * IDLE (the submit, which then readies the G as goready does); HELD -> JDK_WOKEN (the submit, which unparks the
 * waiting M); MOUNTED -> EXITED (the G).
 *
 * <p>A thread belongs to one G struct at a time ({@link #g}) and hosts one goroutine after another: at a
 * goroutine's end it either takes on the P's next G at once, when that G has not started (no thread, or a reused
 * struct's idle one, which the dead struct takes: {@code Goroutines.goexitHandoff}, which does goexit0's and
 * execute's work on the thread), or switches to the M
 * for goexit0 and stays with the dead struct on the free list until the struct is reused. So {@code MLoop.execute}
 * hands the mcall function the G the thread hosts when it unmounts, which may not be the G it started.
 *
 * <p>A virtual thread that a goroutine's code starts ({@code Thread.ofVirtual()}, or one the JDK makes on first
 * use, such as its socket sub-pollers) gets this object as its scheduler too, because the JDK gives a new virtual
 * thread its creator's: {@code execute} tells it by its task and hands it to the JDK's own scheduler. It is not a
 * goroutine ({@link Support#of} checks the thread, not only the scheduler).
 *
 * <p>Invariants: the task runs only after a submit (the JDK refuses to run a thread it has not made runnable), and
 * on at most one M at a time (only the owner of IDLE or JDK_WOKEN runs it). A gort switch completes on the M the G
 * yielded on, with m.mcallFn set, exactly as a raw continuation's yield does: so parking keeps Go's order (the G is
 * off its stack and _Gwaiting before the unlock function lets a waker see it).
 */
public final class GoroutineThread implements Executor {
    static final int IDLE = 0;
    static final int MOUNTED = 1;
    static final int SWITCHING = 2;
    static final int JDK_PARKED = 3;
    static final int JDK_WOKEN = 4;
    static final int HELD = 5;
    static final int EXITED = 6;

    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), GoroutineThread.class, "state", int.class);

    /**
     * The G this thread hosts. Written only by the thread itself while it runs that G's goroutine (a hand-off at a
     * goroutine's end, {@link #goexit}) or by its creator before the start; read by code on the thread and by
     * whoever holds the G.
     */
    G g;
    private final Thread vthread;
    private volatile int state = IDLE;
    /** The JDK's "run this thread" task, given at the first submit (the start); always the same object. */
    private Runnable task;
    /**
     * True while the thread is parked in goexit's switch, between goroutines: it holds no goroutine's stack, so a
     * hand-off may give it to another G struct. Written by the thread itself around that switch; read by the M
     * that owns the G it is attached to (published by the free lists and run queues).
     */
    boolean idleInGoexit;
    /** While HELD: the M thread waiting for the submit. */
    private volatile Thread heldBy;

    private GoroutineThread(G g) {
        this.g = g;
        this.vthread = Support.newThread(this, this::body);
    }

    /**
     * The thread's whole life: one goroutine after another, of whichever G it hosts. Nothing escapes G.enter (it
     * catches every throwable of the goroutine's function); if anything did, the thread would end (EXITED).
     */
    private void body() {
        try {
            while (true) {
                G gp = g;
                gp.enter();
                goexit(gp.m);
            }
        } finally {
            exited();
        }
    }

    /**
     * Makes the virtual thread of G struct g and starts it: the JDK submits it at once, which only stores the task
     * (state IDLE); the caller then puts g on a run queue as for any new G. The thread then stays with the struct
     * and hosts each goroutine the struct does ({@link #goexit}). Caller is g's creator.
     */
    static GoroutineThread start(G g) {
        GoroutineThread t = new GoroutineThread(g);
        Support.start(t.vthread, g.sched.goroutineContainer);
        if (t.task == null) {
            throw new FatalError("newproc: the virtual thread of goroutine " + g.goid + " did not submit itself"
                    + " when started");
        }
        return t;
    }

    /** The goroutine's Thread, as its code sees it ({@code Thread.currentThread()}). */
    public Thread thread() {
        return vthread;
    }

    /**
     * Runs the goroutine on mp until it unmounts, and returns what mp must run for it next: the mcall function of a
     * gort switch (or goexit0), or null when the JDK parked it and mp has let it go or readied it. Caller is the M
     * loop, in execute, with gp RUNNING on mp. Go: execute's gogo, seen from g0.
     */
    McallFn run(M mp) {
        mount();
        while (true) {
            task.run();
            int s = state;
            if ((s == MOUNTED || s == JDK_WOKEN) && mp.keepsParkedGoroutine()) {
                waitHeld(mp);                                 // a JDK park inside the runtime: keep the M, as Go does
                mount();
                continue;
            }
            return afterUnmount(mp);
        }
    }

    /** The M is about to run the task. Caller is the M that took the G. */
    void mount() {
        state = MOUNTED;
    }

    /**
     * The task has returned on mp: the goroutine unmounted. Returns the mcall function of a gort switch (or
     * goexit0), or null when the JDK parked it (mp has let it go, or readied it if the JDK already woke it).
     * Caller is the M loop.
     */
    McallFn afterUnmount(M mp) {
        switch (state) {
            case IDLE:                                        // a gort switch: the submit of its yield came back here
                McallFn fn = mp.mcallFn;
                mp.mcallFn = null;
                if (fn == null) {
                    throw new FatalError("execute: goroutine " + g.goid + " yielded its virtual thread without"
                            + " an mcall function");
                }
                return fn;
            case EXITED:                                      // an error escaped even G's entry: the thread ended
                g.thread = null;
                return mp.sched.goroutines.goexit0Fn;
            case MOUNTED:
            case JDK_WOKEN:
                afterJdkPark(mp);
                return null;
            default:
                throw new FatalError("execute: goroutine " + g.goid + " unmounted in state " + state);
        }
    }

    /** The JDK's "run this thread" task (what {@link #execute} receives for this thread). */
    Runnable task() {
        return task;
    }

    /**
     * The JDK unmounted the goroutine (a park, a monitor, a wait, a sleep, or its own Thread.yield): mp gives it
     * up. It becomes _Gwaiting and leaves mp first, then the CAS to JDK_PARKED lets the JDK's submit ready it; if
     * the submit came first (JDK_WOKEN), mp readies it here, onto its own P's queue.
     */
    private void afterJdkPark(M mp) {
        G gp = g;
        gp.casgstatus(GStatus.RUNNING, GStatus.WAITING);
        gp.waitreason = waitReason(vthread.getState());
        gp.waitsince = System.nanoTime();
        boolean tracing = mp.sched.tracer.on();
        if (tracing) {
            mp.sched.tracer.eventAt(gp.waitsince, mp, EventKind.GO_BLOCK, mp.p.id, gp.goid, 0, gp.waitreason);
        }
        mp.curg = null;
        gp.m = null;
        mp.sched.externalWaiters.incrementAndGet();           // the JDK, not a goroutine, will wake it: not a deadlock
        if (STATE.compareAndSet(this, MOUNTED, JDK_PARKED)) {
            return;
        }
        // JDK_WOKEN: readied before mp let it go.
        state = IDLE;
        gp.casgstatus(GStatus.WAITING, GStatus.RUNNABLE);
        gp.waitreason = "";
        if (tracing) {
            mp.sched.tracer.event(mp, EventKind.GO_UNBLOCK, mp.p.id, gp.goid, 0, "");
        }
        mp.p.runq.runqput(gp);
        mp.sched.externalWaiters.decrementAndGet();          // mp runs on: checkdead need not look again
    }

    private void waitHeld(M mp) {
        heldBy = Thread.currentThread();
        if (STATE.compareAndSet(this, MOUNTED, HELD)) {
            while (state == HELD) {
                LockSupport.park(this);
            }
        }
        heldBy = null;
    }

    private static String waitReason(Thread.State s) {
        return switch (s) {
            case BLOCKED -> "monitor enter";
            case TIMED_WAITING -> "java park (timed)";
            default -> "java park";
        };
    }

    /**
     * A gort switch (Go's mcall): the G yields its virtual thread, and the M loop it ran on runs m.mcallFn for it.
     * Returns true when an M runs the G again; false, at once and with nothing changed but m.mcallFn cleared, if the
     * thread cannot yield (a native frame or a critical section pins it). Caller is the G itself, m.mcallFn set.
     */
    boolean tryYieldToM(M mp) {
        state = SWITCHING;
        Thread.yield();
        if (state == SWITCHING) {
            state = MOUNTED;
            mp.mcallFn = null;
            return false;
        }
        return true;
    }

    /**
     * Something escaped the G's entry loop (it catches every throwable of the goroutine's function): the next
     * unmount is the thread's end. Caller is the G, as its last step.
     */
    void exited() {
        state = EXITED;
    }

    /**
     * The goroutine's function has returned: the thread forgets it (ThreadLocals, the interrupt status). If the
     * next G of the P has never run, the thread takes it on at once (Goroutines.goexitHandoff); else it switches
     * to the M for goexit0, which puts the G struct, this thread with it, on the free list, and resumes here when
     * the struct hosts its next goroutine (Go reuses a dead G's stack the same way). Caller is the G.
     */
    void goexit(M mp) {
        Thread.interrupted();
        Support.clearThreadLocals(vthread);
        if (mp.sched.goroutines.goexitHandoff(mp, g) != null) {
            return;                                           // body runs the new G's goroutine, on this mount
        }
        idleInGoexit = true;
        Goroutines.mcall(mp, mp.sched.goroutines.goexit0Fn);
        idleInGoexit = false;                                 // resumed for the next goroutine of whichever G it hosts
    }

    /** From now on this thread hosts gp (goexitHandoff). Caller is code on this thread. */
    void host(G gp) {
        g = gp;
    }

    /**
     * The JDK's submit: this virtual thread may run now. Any thread (the starter, the M that ran it, an unparker,
     * the JDK's timer and unblocker threads). Never blocks.
     */
    @Override
    public void execute(Runnable command) {
        if (task == null) {
            task = command;                                   // the start: the G's creator queues it
            return;
        }
        if (command != task) {
            // Another virtual thread, made by code of this goroutine (Thread.ofVirtual(), or the JDK's own socket
            // sub-pollers made on first use): the JDK gives a new virtual thread its creator's scheduler. It is
            // not a goroutine; it runs on the JDK's scheduler, as if started from a platform thread.
            Support.jdkScheduler().execute(command);
            return;
        }
        while (true) {
            int s = state;
            switch (s) {
                case SWITCHING:                               // the yield of a gort switch, on the M, before it returns
                    state = IDLE;
                    return;
                case MOUNTED:
                    if (STATE.compareAndSet(this, MOUNTED, JDK_WOKEN)) {
                        return;                               // its M readies it once the task returns
                    }
                    break;
                case HELD:
                    if (STATE.compareAndSet(this, HELD, JDK_WOKEN)) {
                        LockSupport.unpark(heldBy);
                        return;
                    }
                    break;
                case JDK_PARKED:
                    if (STATE.compareAndSet(this, JDK_PARKED, IDLE)) {
                        readyEndingTheRuntimeOnError();
                        return;
                    }
                    break;
                default:
                    throw new FatalError("goroutine " + g.goid + ": its virtual thread was submitted in state " + s
                            + " (a submit the JDK never makes twice)");
            }
        }
    }

    /**
     * {@link #ready}, on whatever thread the JDK's wake-up runs: a broken invariant there is fatal to the runtime,
     * as on an M, not only an exception thrown into the unparker's code (which may be any Java code).
     */
    private void readyEndingTheRuntimeOnError() {
        try {
            ready();
        } catch (FatalError e) {
            g.sched.exit.fatal(e);
            throw e;
        }
    }

    /** Readies a G the JDK has woken: into the runnext of the submitting M's P, or the global queue. */
    private void ready() {
        Sched sched = g.sched;
        if (sched.exiting()) {
            return;                                           // a late wake (a sleep's timer): nothing runs any more
        }
        sched.goroutines.goready(M.current(), g);
        sched.exit.externalWaiterDone();
    }

    /**
     * Access to the JDK's virtual-thread internals that a scheduler of one's own needs: the constructor that takes
     * an Executor, and the start into a container of our own (so abandoned goroutines are not held by the JDK's
     * root container). Resolved once; a JVM without them fails every use with the message of {@link #check}.
     */
    static final class Support {
        private static final MethodHandle NEW;
        private static final MethodHandle START;
        /** VirtualThread.scheduler: how code on a goroutine's thread finds its G (through its GoroutineThread). */
        private static final VarHandle SCHEDULER;
        private static final VarHandle THREAD_LOCALS;
        private static final VarHandle INHERITABLE_THREAD_LOCALS;
        /** VirtualThread.DEFAULT_SCHEDULER, the JDK's ForkJoinPool. */
        private static final VarHandle DEFAULT_SCHEDULER;
        private static final String PROBLEM;
        /** Thread.NO_INHERIT_THREAD_LOCALS: a goroutine inherits nothing from its creator, as in Go. */
        private static final int NO_INHERIT_THREAD_LOCALS = 1 << 2;

        static {
            MethodHandle create = null;
            MethodHandle start = null;
            VarHandle scheduler = null;
            VarHandle locals = null;
            VarHandle inheritable = null;
            VarHandle jdkScheduler = null;
            String problem = null;
            try {
                Class<?> vt = Class.forName("java.lang.VirtualThread");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
                create = lookup.findConstructor(vt, MethodType.methodType(void.class, Executor.class, String.class,
                        int.class, Runnable.class)).asType(MethodType.methodType(Thread.class, Executor.class,
                        String.class, int.class, Runnable.class));
                scheduler = lookup.findVarHandle(vt, "scheduler", Executor.class);
                jdkScheduler = lookup.findStaticVarHandle(vt, "DEFAULT_SCHEDULER", ForkJoinPool.class);
                MethodHandles.Lookup threads = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
                start = threads.findVirtual(Thread.class, "start", MethodType.methodType(void.class, ThreadContainer.class));
                Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
                locals = threads.findVarHandle(Thread.class, "threadLocals", map);
                inheritable = threads.findVarHandle(Thread.class, "inheritableThreadLocals", map);
            } catch (IllegalAccessException e) {
                problem = "gort's virtual-thread goroutines need java.lang opened to gort. Add this flag to the java"
                        + " command: " + GoRuntime.opensFlag() + " (the ./gort launcher and `java -jar gort.jar` do this"
                        + " for you), or run with GODEBUG=goroutines=continuation";
            } catch (ReflectiveOperationException | RuntimeException e) {
                problem = "this JVM (" + Runtime.version() + ") has no virtual-thread constructor that takes a"
                        + " scheduler (java.lang.VirtualThread(Executor, String, int, Runnable), there in JDK 25:"
                        + " " + e + "); run with GODEBUG=goroutines=continuation, or on JDK 25";
            }
            NEW = create;
            START = start;
            SCHEDULER = problem == null ? scheduler : null;
            THREAD_LOCALS = locals;
            INHERITABLE_THREAD_LOCALS = inheritable;
            DEFAULT_SCHEDULER = jdkScheduler;
            PROBLEM = problem;
        }

        /**
         * The GoroutineThread of goroutine thread t, or null for any other virtual thread (one of the JDK's, or one
         * a goroutine started, which has the goroutine's GoroutineThread as its scheduler but is not its thread).
         */
        static GoroutineThread of(Thread t) {
            VarHandle h = SCHEDULER;
            return h != null && h.get(t) instanceof GoroutineThread gt && gt.vthread == t ? gt : null;
        }

        /** The JDK's own virtual-thread scheduler, for virtual threads that goroutines start. */
        static Executor jdkScheduler() {
            return (Executor) DEFAULT_SCHEDULER.get();
        }

        /** Drops every ThreadLocal of t, the current thread, before it hosts another goroutine. */
        static void clearThreadLocals(Thread t) {
            THREAD_LOCALS.set(t, null);
            INHERITABLE_THREAD_LOCALS.set(t, null);
        }

        private Support() {}

        /**
         * Fails with a message that says what to do when this JVM cannot build gort's virtual threads.
         *
         * @throws IllegalStateException naming the flag to add, or the mode to choose on a JDK without them
         */
        static void check() {
            if (PROBLEM != null) {
                throw new IllegalStateException(PROBLEM);
            }
        }

        static Thread newThread(Executor scheduler, Runnable entry) {
            check();
            try {
                return (Thread) NEW.invokeExact(scheduler, (String) null, NO_INHERIT_THREAD_LOCALS, entry);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("new virtual thread", t);
            }
        }

        static void start(Thread vthread, ThreadContainer container) {
            try {
                START.invokeExact(vthread, container);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("start virtual thread", t);
            }
        }
    }

    /**
     * The thread container of one runtime's goroutines: the JDK's root container would keep every started virtual
     * thread reachable until it ends, and a goroutine abandoned at exit (blocked forever, as Go allows) never ends.
     */
    static final class Container extends ThreadContainer {
        private final Sched sched;

        Container(Sched sched) {
            super(/* shared= */ true);
            this.sched = sched;
        }

        @Override
        public String name() {
            return "gort goroutines";
        }

        @Override
        public Stream<Thread> threads() {
            return sched.allgs.snapshot().stream()
                    .filter(gp -> gp.thread != null && gp.statusVolatile() != GStatus.DEAD)
                    .map(gp -> gp.thread.thread());
        }
    }
}
