package io.github.gort.runtime;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.Timers;
import java.time.Duration;
import java.time.Instant;

/**
 * A single event: when it fires, the current time is sent on {@link #c()} (a channel of capacity 1, so the timer
 * thread never blocks), or, for {@link Time#afterFunc}, a goroutine runs the function. Go: time.Timer (the Go 1.22
 * semantics: a value sent before {@link #stop} or {@link #reset} stays in the channel; drain it if needed).
 *
 * <p>Thread-safety: {@link #stop} and {@link #reset} may be called from any goroutine; the timer heap's lock
 * orders them.
 */
public final class Timer {
    private final Sched sched;
    private final Chan<Instant> c;
    private final Timers.RTimer rt;

    private Timer(Sched sched, Chan<Instant> c, Runnable fn) {
        this.sched = sched;
        this.c = c;
        this.rt = fn == null ? new Timers.RTimer(Timer::sendTime, c) : new Timers.RTimer(Timer::goFunc, new Object[] {sched, fn});
    }

    static Timer start(Sched sched, long ns, Chan<Instant> c, Runnable fn) {
        Timer t = new Timer(sched, c, fn);
        t.rt.when = Time.deadline(ns);
        sched.timers.addtimer(t.rt);
        return t;
    }

    /** The timer thread's send: never blocks; a full channel drops the value (Go: time.go sendTime). */
    @SuppressWarnings("unchecked")
    static void sendTime(Object c) {
        ((Chan<Instant>) c).trySend(Instant.now());
    }

    /** Starts the AfterFunc goroutine from the timer thread (no P): onto the global queue. Go: goFunc. */
    private static void goFunc(Object arg) {
        Object[] a = (Object[]) arg;
        Sched sched = (Sched) a[0];
        Runnable fn = (Runnable) a[1];
        // Same steps as creating the main goroutine: a fresh G with no P, then the global run queue.
        G gp = sched.goroutines.newMain(fn);
        sched.goroutines.injectglobal(gp);
    }

    /** The channel the time is sent on (the nil channel for an {@link Time#afterFunc} timer). Go: Timer.C. */
    public Chan<Instant> c() {
        return c;
    }

    /** Prevents the timer from firing; true if this stopped it, false if it had fired or was stopped. Go: Timer.Stop. */
    public boolean stop() {
        return sched.timers.deltimer(rt);
    }

    /** Re-arms the timer to fire after d; true if it had been pending. Go: Timer.Reset. */
    public boolean reset(Duration d) {
        return sched.timers.modtimer(rt, Time.deadline(Time.nanos(d)), 0);
    }
}
