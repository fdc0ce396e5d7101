package io.github.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: one stop-the-world, from the request until the world restarted (Go: stopTheWorld ..
 * startTheWorld). Begun by World.stopTheWorld, committed by World.startTheWorld; the world-stopper (worldsema's
 * holder) is the only thread that touches an instance, so the fields are plain. When JFR does not record the
 * event, {@link #start} returns null and nothing else is done.
 */
@Name("io.github.gort.StopTheWorld")
@Label("Stop The World")
@Category({"gort", "Scheduler"})
@Description("The world was stopped: no goroutine but the stopper's ran")
@StackTrace(false)
public final class StopTheWorldEvent extends Event {
    @Label("Reason")
    String reason;

    @Label("Stopping")
    @Description("Time from the request until every P had stopped")
    @Timespan(Timespan.NANOSECONDS)
    long stopping;

    @Label("GOMAXPROCS")
    int gomaxprocs;

    /** When the stop was requested (nanoTime); transient: JFR does not record it. */
    private transient long beginNanos;

    /** A begun event for a stop-the-world for reason, or null if JFR does not record it. Caller holds worldsema. */
    public static StopTheWorldEvent start(String reason) {
        StopTheWorldEvent e = new StopTheWorldEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.reason = reason;
        e.beginNanos = System.nanoTime();
        e.begin();
        return e;
    }

    /** Every P has stopped (e may be null: not recorded). Caller: the world-stopper. */
    public static void stopped(StopTheWorldEvent e) {
        if (e != null) {
            e.stopping = System.nanoTime() - e.beginNanos;
        }
    }

    /** The world restarted with gomaxprocs Ps: commit e (which may be null: not recorded). Caller: the stopper. */
    public static void finish(StopTheWorldEvent e, int gomaxprocs) {
        if (e == null) {
            return;
        }
        e.end();
        if (e.shouldCommit()) {
            e.gomaxprocs = gomaxprocs;
            e.commit();
        }
    }
}
