package io.github.gort.runtime;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.Timers;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time} package for goroutines: {@link #sleep}, {@link #after}, {@link #newTimer}, {@link #newTicker},
 * {@link #afterFunc}. Timers live in the runtime's timer heap ({@link Timers}); a sleeping or waiting goroutine
 * holds neither a P nor an M. Pending timers count as "something may still wake a goroutine", so the deadlock
 * check does not fire while they exist (as in Go).
 *
 * <p>Every method must be called from a goroutine (it finds its runtime there); else IllegalStateException.
 */
public final class Time {
    private Time() {}

    /**
     * Parks the calling goroutine for at least d; returns at once if d is zero or negative. Caller runs a
     * goroutine. Go: time.Sleep (runtime time.go timeSleep).
     */
    public static void sleep(Duration d) {
        M mp = Goroutines.checkPreempt(Goroutines.goroutineM("Time.sleep"));
        long ns = nanos(d);
        if (ns <= 0) {
            return;
        }
        Timers.RTimer t = new Timers.RTimer(Time::goroutineReady, mp.curg);
        t.when = System.nanoTime() + ns;
        // The timer goes in only once we are _Gwaiting (Go: resetForSleep), so its goready cannot come too early.
        mp.sched.goroutines.gopark(mp, Time::addAfterPark, t, "sleep");
    }

    private static boolean addAfterPark(G gp, Object t) {
        gp.sched.timers.addtimer((Timers.RTimer) t);
        return true;
    }

    /** The sleep timer's function; runs on the timer thread, which is not an M (its goready goes global). */
    private static void goroutineReady(Object gp) {
        G g = (G) gp;
        g.sched.goroutines.goready(M.current(), g);
    }

    /**
     * A channel that receives the current time once d has elapsed. Caller runs a goroutine. Go: time.After.
     * The timer cannot be stopped; use {@link #newTimer} to stop it early.
     */
    public static Chan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** A timer that sends the time on its channel once d has elapsed. Caller runs a goroutine. Go: time.NewTimer. */
    public static Timer newTimer(Duration d) {
        Sched sched = Goroutines.goroutineM("Time.newTimer").sched;
        return Timer.start(sched, nanos(d), Chan.make(1), null);
    }

    /**
     * Runs fn in its own goroutine once d has elapsed; the returned timer's {@code c()} is the nil channel and
     * {@link Timer#stop} cancels the call. Caller runs a goroutine. Go: time.AfterFunc.
     */
    public static Timer afterFunc(Duration d, Runnable fn) {
        if (fn == null) {
            throw new NullPointerException("Time.afterFunc: fn is null");
        }
        Sched sched = Goroutines.goroutineM("Time.afterFunc").sched;
        return Timer.start(sched, nanos(d), Chan.nil(), fn);
    }

    /**
     * A ticker that sends the time on its channel every d (dropping ticks a slow receiver misses).
     * Caller runs a goroutine. Go: time.NewTicker.
     *
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if d is zero or negative
     */
    public static Ticker newTicker(Duration d) {
        Sched sched = Goroutines.goroutineM("Time.newTicker").sched;
        long ns = nanos(d);
        if (ns <= 0) {
            throw new IllegalArgumentException("non-positive interval for NewTicker: " + d + "; use a positive duration");
        }
        return new Ticker(sched, ns);
    }

    /** d in nanoseconds, saturated (Go's Duration is an int64 of nanoseconds). */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 2;
        }
    }

    /** now + ns without overflow past a far future. */
    static long deadline(long ns) {
        long now = System.nanoTime();
        return ns > Long.MAX_VALUE / 4 ? now + Long.MAX_VALUE / 4 : now + Math.max(ns, 0);
    }
}
