package io.github.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event: one {@code forEachP} round, from posting the safe-point function until every P had run it (Go:
 * proc.go forEachP). Begun and committed by the forEachP caller (worldsema's holder), the only thread that
 * touches an instance. {@link #start} returns null when JFR does not record the event.
 */
@Name("io.github.gort.ForEachP")
@Label("forEachP Round")
@Category({"gort", "Scheduler"})
@Description("A safe-point function ran once on every P")
@StackTrace(false)
public final class ForEachPEvent extends Event {
    @Label("Round")
    @Description("The runtime's forEachP rounds so far, this one included")
    long round;

    @Label("Ps Run")
    @Description("Ps the function ran on (every P of the round)")
    int psRun;

    @Label("Waited")
    @Description("Whether some P had to reach a safe point by itself (the caller could not run them all)")
    boolean waited;

    /** A begun event, or null if JFR does not record it. Caller: the forEachP caller, holding worldsema. */
    public static ForEachPEvent start() {
        ForEachPEvent e = new ForEachPEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /** The round ended: commit e. Caller: the forEachP caller, only for a non-null e from {@link #start}. */
    public static void finish(ForEachPEvent e, long round, int psRun, boolean waited) {
        e.end();
        if (e.shouldCommit()) {
            e.round = round;
            e.psRun = psRun;
            e.waited = waited;
            e.commit();
        }
    }
}
