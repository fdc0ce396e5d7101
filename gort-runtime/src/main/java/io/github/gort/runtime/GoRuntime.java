package io.github.gort.runtime;

import io.github.gort.internal.management.MBeanRegistration;
import io.github.gort.internal.metrics.MetricsBean;
import io.github.gort.internal.scheduler.DiagnosticBean;
import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.SchedDump;
import io.github.gort.internal.scheduler.SchedInvariants;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Objects;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * A gort runtime: Ps, Ms (platform threads) and sysmon, running one main goroutine (Go: the process, with
 * proc.go schedinit, main, and exit).
 *
 * <pre>{@code
 * GoRuntime.run(Config.fromEnvironment(), () -> {
 *     Go.go(() -> System.out.println("hello from goroutine " + Go.goid()));
 * });
 * }</pre>
 *
 * <p>Like a Go program, the runtime ends when the main goroutine returns (other goroutines are abandoned), when a
 * goroutine panics ({@link GoPanic}), or on a fatal error ({@link FatalError}, for example
 * {@code all goroutines are asleep - deadlock!}). {@link #run} returns after every M thread has ended. A runtime
 * runs once.
 */
public final class GoRuntime {
    static {
        RuntimeAccess.registerRuntime(rt -> rt.sched);
    }

    private final Sched sched;
    private boolean started;
    private List<Thread> leftover = List.of();
    private Path flightRecording;

    public GoRuntime(Config config) {
        checkExports();
        this.sched = new Sched(config);
    }

    /**
     * Turns on the flight recorder: from the start of {@link #run}, every P keeps its last
     * {@value io.github.gort.internal.scheduler.Tracer#RING_RECORDS} execution-trace events in a ring (and every M
     * its last {@value io.github.gort.internal.scheduler.Tracer#M_RING_RECORDS} without a P and of its system
     * calls), and when
     * the run ends with a fatal error or an unrecovered panic they are written to file (the format of
     * {@link io.github.gort.trace.TraceReader}; {@code ./gort trace FILE} draws it). Nothing is written when the
     * program ends normally. Call before {@link #run}; {@link io.github.gort.trace.Trace#start} cannot be used
     * in a runtime that records a flight. Returns this runtime.
     */
    public synchronized GoRuntime flightRecorder(Path file) {
        Objects.requireNonNull(file, "flightRecorder: file");
        if (started) {
            throw new IllegalStateException("GoRuntime.flightRecorder: the runtime has already started; turn the"
                    + " flight recorder on before run");
        }
        flightRecording = file;
        return this;
    }

    /** Starts a runtime with config, runs main as its main goroutine, and returns when the runtime has stopped. */
    public static void run(Config config, Runnable main) {
        new GoRuntime(config).run(main);
    }

    /**
     * The JVM flag gort needs, for the way gort was loaded: {@code --add-exports java.base/jdk.internal.vm=}
     * followed by {@code io.github.gort.runtime} on the module path, or {@code ALL-UNNAMED} on the class path.
     * The ./gort launcher, the jar manifest ({@code java -jar}) and the Maven build pass it.
     */
    public static String exportsFlag() {
        Module m = GoRuntime.class.getModule();
        return "--add-exports java.base/jdk.internal.vm=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /**
     * The second JVM flag of the default goroutine mode ({@link GoroutineMode#VIRTUAL_THREAD}): {@code --add-opens
     * java.base/java.lang=} followed by {@code io.github.gort.runtime} on the module path, or {@code ALL-UNNAMED}
     * on the class path, so gort can build virtual threads with itself as their scheduler. Not needed with
     * {@code GODEBUG=goroutines=continuation}.
     */
    public static String opensFlag() {
        Module m = GoRuntime.class.getModule();
        return "--add-opens java.base/java.lang=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /**
     * How goroutines in loops without runtime calls are preempted in this JVM, under the environment's
     * {@code GODEBUG}: by gort-agent's loop polls, or not at all (see {@link Preemption}).
     */
    public static Preemption preemption() {
        String godebug = System.getProperty("gort.godebug", System.getenv("GODEBUG"));
        String off = GoDebug.setting(godebug, "asyncpreemptoff");
        return Preemption.of(System.getProperty("gort.agent"), off != null && !off.equals("0"));
    }

    /**
     * Fails fast, with the flag to add, when {@code jdk.internal.vm} (continuations) is not exported to gort.
     *
     * @throws IllegalStateException naming the exact JVM flag for the module path or the class path
     */
    public static void checkExports() {
        if (!Object.class.getModule().isExported("jdk.internal.vm", GoRuntime.class.getModule())) {
            throw new IllegalStateException("gort runs goroutines on jdk.internal.vm.Continuation, which this JVM"
                    + " does not export to it. Add this flag to the java command: " + exportsFlag()
                    + " (the ./gort launcher and `java -jar gort.jar` do this for you)");
        }
    }

    /**
     * Runs main as goroutine 1 and waits until the runtime stops.
     *
     * @throws GoPanic       if a goroutine panicked (an exception escaped it)
     * @throws FatalError    on a fatal runtime error, such as every goroutine being asleep
     * @throws CancellationException if the calling thread was interrupted; the runtime is stopped first
     */
    public void run(Runnable main) {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("GoRuntime.run: this runtime has already run; create a new GoRuntime");
            }
            started = true;
        }
        try {
            report(runToExit(main));
        } catch (OutOfMemoryError noHeap) {
            throwOutcome(noHeap);
        }
    }

    /**
     * Starts the runtime, waits for its exit and for its threads, and closes its MBeans; returns whether the
     * waiting thread was interrupted.
     */
    private boolean runToExit(Runnable main) {
        boolean interrupted = false;
        String name = MBeanRegistration.nextRuntimeName();      // jconsole and gort dump see it while it runs
        try (MBeanRegistration metrics = MBeanRegistration.later(new MetricsBean(this, name),
                     MBeanRegistration.objectName(MetricsBean.TYPE, name));
             MBeanRegistration diagnostic = MBeanRegistration.later(new DiagnosticBean(sched, name),
                     MBeanRegistration.objectName(DiagnosticBean.TYPE, name))) {
            start(main);
            try {
                sched.exit.await();
            } catch (InterruptedException e) {
                interrupted = true;
                sched.exit.fatal(new FatalError("GoRuntime.run: the waiting thread was interrupted; runtime stopped"));
            }
            leftover = joinThreads();
        }
        return interrupted;
    }

    /**
     * run could not finish for want of heap: the run's own data fills it until run returns, so after an
     * OutOfMemoryError joining the threads, closing the poller or the report may not fit (seen: the caller got
     * an OutOfMemoryError out of run instead of the fatal error). The outcome already decided, a panic or a fatal
     * error, is what the caller must get; without one, the OutOfMemoryError is.
     */
    private void throwOutcome(OutOfMemoryError noHeap) {
        if (sched.config.printPanics()) {
            printNoHeapForReport();
        }
        Throwable outcome = sched.exit.result();
        if (outcome instanceof GoPanic p) {
            throw p;
        }
        if (outcome instanceof FatalError f) {
            throw f;
        }
        throw noHeap;
    }

    /** After the exit: the flight recording, then a panic or fatal error printed (as configured) and thrown. */
    private void report(boolean interrupted) {
        sched.netpoll.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("GoRuntime.run was interrupted; the runtime was stopped");
        }
        Throwable outcome = sched.exit.result();
        if (flightRecording != null && (outcome instanceof GoPanic || outcome instanceof FatalError)) {
            writeFlightRecording();
        }
        Traceback level = sched.config.traceback();
        // Every M has ended: no goroutine can run, and the dumps may walk their stacks (SchedDump).
        if (outcome instanceof GoPanic p) {
            boolean all = level == Traceback.ALL || level == Traceback.SYSTEM;
            p.attachDump(level, all ? othersDump(p.goid(), level) : "");
            if (sched.config.printPanics()) {
                System.err.print(p.goTraceback());           // without heap for it: run's throwOutcome
            }
            throw p;
        }
        if (outcome instanceof FatalError f) {
            if (sched.config.printPanics()) {
                System.err.println(f.goMessage());
                if (level != Traceback.NONE) {
                    System.err.print(othersDump(0, level));   // a fatal error prints every goroutine
                }
            }
            throw f;
        }
    }

    /** Printed instead of a report that found no heap left to be made in. */
    private static final byte[] NO_HEAP_FOR_REPORT =
            "gort: no heap left to print the report; the error reaches GoRuntime.run's caller\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * What a panic's or a fatal error's report prints when it cannot be made. After an OutOfMemoryError the heap may
     * still be full (the run's own data is reachable until run returns, and other threads may have taken the
     * reserve Exit freed): this line was made in advance and needs no heap, and the error still reaches the caller.
     */
    private static void printNoHeapForReport() {
        System.err.write(NO_HEAP_FOR_REPORT, 0, NO_HEAP_FOR_REPORT.length);
        System.err.flush();
    }

    /**
     * The dump of every goroutine but goid's after a panic or a fatal error, or one line saying why there is none.
     * The error that ended the run must reach the caller even when the dump cannot be made: after an
     * OutOfMemoryError the heap may still be full, and a JDK class whose initialization failed meanwhile on
     * another thread (the MBean registrar's, in CI) stays unusable.
     */
    private String othersDump(long goid, Traceback level) {
        try {
            return SchedDump.others(sched, goid, level);
        } catch (LinkageError e) {
            return "gort: no dump of the other goroutines: " + e + "\n";
        }
    }

    /** The run ended badly: the flight recorder's rings go to their file, and a line on stderr says where. */
    private void writeFlightRecording() {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(flightRecording))) {
            long n = sched.tracer.writeRing(out);
            System.err.println("gort: flight recorder: the last " + n + " trace events written to " + flightRecording
                    + " (draw them with ./gort trace " + flightRecording + ")");
        } catch (IOException e) {
            System.err.println("gort: flight recorder: cannot write " + flightRecording + ": " + e.getMessage());
        }
    }

    private void start(Runnable main) {
        sched.exit.reserveForReports();
        if (flightRecording != null) {
            sched.tracer.startRing();
        }
        G g = sched.goroutines.newMain(main);
        sched.lock.lock();
        try {
            sched.world.procresize(null, sched.config.gomaxprocs());
            sched.runq.globrunqput(g);
        } finally {
            sched.lock.unlock();
        }
        sched.goroutines.mainStarted = true;
        sched.sysmon.start();
        sched.handoff.startm(null, /* spinning= */ false);
    }

    /** Waits for every M and sysmon to end; returns those still alive after the shutdown timeout. */
    private List<Thread> joinThreads() {
        long deadline = System.nanoTime() + sched.config.shutdownTimeout().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (M mp : sched.allm) {
            threads.add(mp.thread);
        }
        threads.add(sched.sysmon.thread());
        if (sched.timers.thread() != null) {
            threads.add(sched.timers.thread());
        }
        List<Thread> alive = new ArrayList<>();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                alive.add(t);
            }
        }
        if (!alive.isEmpty()) {
            System.err.println("gort: " + alive.size() + " thread(s) still running after shutdown: " + alive
                    + " (a goroutine that never calls into the runtime, or blocks inside Go.syscall, keeps its M)");
        }
        return alive;
    }

    /** Threads of this runtime still alive after {@link #run} returned (normally none). */
    public List<Thread> leftoverThreads() {
        return leftover;
    }

    /** Counters of this runtime (goroutines, steals, syscalls, handoffs, safe points...). */
    public RuntimeStats stats() {
        return RuntimeStats.of(sched);
    }

}
