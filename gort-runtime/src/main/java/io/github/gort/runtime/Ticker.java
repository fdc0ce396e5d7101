package io.github.gort.runtime;

import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.Timers;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends the time on {@link #c()} every period; a receiver that falls behind misses ticks rather than queueing them
 * (the channel holds one). A ticker stays pending, and keeps the deadlock check quiet, until {@link #stop}.
 * Go: time.Ticker.
 */
public final class Ticker {
    private final Sched sched;
    private final Chan<Instant> c = Chan.make(1);
    private final Timers.RTimer rt;

    Ticker(Sched sched, long periodNanos) {
        this.sched = sched;
        this.rt = new Timers.RTimer(Timer::sendTime, c);
        rt.when = Time.deadline(periodNanos);
        rt.period = periodNanos;
        sched.timers.addtimer(rt);
    }

    /** The channel the ticks are sent on. Go: Ticker.C. */
    public Chan<Instant> c() {
        return c;
    }

    /** Turns the ticker off; no more ticks are sent. Any goroutine. Go: Ticker.Stop. */
    public void stop() {
        sched.timers.deltimer(rt);
    }

    /**
     * Stops the ticker and restarts it with period d. Go: Ticker.Reset.
     *
     * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if d is not positive
     */
    public void reset(Duration d) {
        long ns = Time.nanos(d);
        if (ns <= 0) {
            throw new IllegalArgumentException("non-positive interval for Ticker.Reset: " + d + "; use a positive duration");
        }
        sched.timers.modtimer(rt, Time.deadline(ns), ns);
    }
}
