package io.github.gort.runtime;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.GStatus;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.SchedDump;
import io.github.gort.internal.scheduler.World;
import java.util.concurrent.Callable;

/**
 * Go's built-in goroutine operations for Java code running in a gort goroutine: {@code go f()},
 * {@code runtime.Gosched()}, {@code runtime.NumGoroutine()}, system calls, and the runtime's safe points.
 *
 * <p>Every method except {@link #inGoroutine()} must be called from a goroutine (the main goroutine given to
 * {@link GoRuntime#run} or one started with {@link #go}); from any other thread they throw an
 * {@link IllegalStateException} that says so.
 */
public final class Go {
    private Go() {}

    /**
     * Starts fn as a new goroutine. Go: the {@code go} statement. It may be used anywhere in a goroutine, inside
     * {@link #syscall} too (the new goroutine then waits on the global run queue for a P).
     *
     * @throws FatalError {@code go of nil func value} if fn is null: as in Go, this is fatal to the program (the
     *                    runtime stops even if the caller catches the error)
     */
    public static void go(Runnable fn) {
        M mp = Goroutines.goroutineM("Go.go");
        if (fn == null) {
            FatalError e = new FatalError("go of nil func value");   // Go: newproc1's throw, in the caller
            mp.sched.exit.fatal(e);
            throw e;
        }
        mp = Goroutines.checkPreempt(mp);            // may yield: carry on with the M it returns
        mp.sched.goroutines.newproc(mp, fn);
    }

    /** Yields the processor, letting other goroutines run. Go: runtime.Gosched. */
    public static void gosched() {
        M mp = Goroutines.goroutineM("Go.gosched");
        mp.sched.goroutines.gosched(mp);
    }

    /** Yields if the runtime asked this goroutine to (sysmon after 10 ms, a safe point, stop-the-world). */
    public static void checkPreempt() {
        Goroutines.checkPreempt(Goroutines.goroutineM("Go.checkPreempt"));
    }

    /** The current goroutine's id (1 is the main goroutine). */
    public static long goid() {
        return Goroutines.goroutineM("Go.goid").curg.goid;
    }

    /** True if the current thread is running a gort goroutine. */
    public static boolean inGoroutine() {
        G gp = G.current();
        return gp != null && gp.m != null && gp.m.curg != null;
    }

    /** The number of goroutines that exist (running, runnable, waiting or in a system call). */
    public static int numGoroutine() {
        Sched sched = Goroutines.goroutineM("Go.numGoroutine").sched;
        return (int) sched.goroutineCount();
    }

    /**
     * The current goroutine's stack in Go's format: {@code goroutine N [running]:}, two lines a frame
     * ({@code pkg.Class.method(...)}, then a tab and {@code File.java:LINE}), and {@code created by ...}. gort's own
     * frames are left out unless {@code GOTRACEBACK=system}. Go: runtime.Stack(buf, false), debug.Stack.
     */
    public static String stack() {
        M mp = Goroutines.goroutineM("Go.stack");
        return SchedDump.running(mp.curg, new Throwable().getStackTrace(), mp.sched.config.traceback());
    }

    /**
     * Every goroutine's stack in Go's format, the current goroutine's first ({@link #stack}), the others each after a
     * blank line with their state ({@code goroutine 7 [chan receive, 3 minutes]:}). The world is stopped while the
     * others are read, as Go's runtime.Stack(buf, true) does: a consistent picture, at the price of a pause.
     */
    public static String stackAll() {
        M mp = Goroutines.goroutineM("Go.stackAll");
        return SchedDump.all(mp, new Throwable().getStackTrace());
    }

    /** The number of Ps. Go: runtime.GOMAXPROCS(0). */
    public static int gomaxprocs() {
        return Goroutines.goroutineM("Go.gomaxprocs").sched.gomaxprocs;
    }

    /**
     * Sets the number of Ps (1 to 1024) under stop-the-world and returns the previous number.
     * Go: runtime.GOMAXPROCS(n).
     */
    public static int gomaxprocs(int n) {
        M mp = Goroutines.goroutineM("Go.gomaxprocs");
        if (n < 1 || n > World.MAX_GOMAXPROCS) {
            throw new IllegalArgumentException("Go.gomaxprocs(" + n + "): use a number from 1 to " + World.MAX_GOMAXPROCS);
        }
        Sched sched = mp.sched;
        mp = sched.world.stopTheWorld(mp, "GOMAXPROCS");
        int old = sched.gomaxprocs;
        sched.world.newprocs = n;
        sched.world.startTheWorld(mp);
        return old;
    }

    /**
     * Runs a call that may block its thread (file I/O, JDBC, {@code Process.waitFor}, a lock held elsewhere) as a
     * system call: the goroutine's P is released for others while the call runs (sysmon hands it to another M
     * if the call lasts; a goroutine whose calls are seen to block hands it off at once), and the goroutine takes
     * a P back when it returns. Nested calls run directly. Inside the call, do not use goroutine operations that
     * park (channels, sync, sleep). Go: entersyscall/exitsyscall.
     */
    public static <T> T syscall(Callable<T> call) throws Exception {
        M mp = Goroutines.goroutineM("Go.syscall");
        G gp = mp.curg;
        if (gp.statusVolatile() == GStatus.SYSCALL) {
            return call.call();
        }
        mp = Goroutines.checkPreempt(mp);
        return mp.sched.syscall.syscall(mp, gp, call);
    }

    /**
     * As {@link #syscall}, for calls known to block for a while ({@code Process.waitFor}, a long read): the P is
     * handed off at once instead of waiting for sysmon. Go: entersyscallblock.
     */
    public static <T> T blockingSyscall(Callable<T> call) throws Exception {
        M mp = Goroutines.goroutineM("Go.blockingSyscall");
        G gp = mp.curg;
        if (gp.statusVolatile() == GStatus.SYSCALL) {
            return call.call();
        }
        mp = Goroutines.checkPreempt(mp);
        return mp.sched.syscall.blockingSyscall(mp, gp, call);
    }

    /**
     * Ends the current goroutine after unwinding its stack (finally blocks run). Go: runtime.Goexit. Called by the
     * main goroutine, the program does not end: the other goroutines run on, and when none is left (or all are
     * blocked) it ends with {@code fatal error: no goroutines (main called runtime.Goexit) - deadlock!} (or the
     * usual deadlock error), as in Go.
     */
    public static void goexit() {
        M mp = Goroutines.goroutineM("Go.goexit");
        if (mp.curg.goid == 1) {
            mp.sched.goroutines.mainCalledGoexit = true;
        }
        throw new G.Goexit();
    }
}
