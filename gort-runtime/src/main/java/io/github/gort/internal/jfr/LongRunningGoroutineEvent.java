package io.github.gort.internal.jfr;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event: a goroutine ran 10 ms or more without yielding, so sysmon asked it to (Go: proc.go retake's
 * forcePreemptNS and preemptone). Committed by the goroutine itself at the preemption point where it yields
 * (Goroutines.checkPreempt, goschedguarded), so that the event's stack trace is the goroutine's own: the loop
 * or call that held the P.
 *
 * <h2>The two steps</h2>
 * <ol>
 * <li>sysmon ({@link #requested}), before preemptone: if JFR records this event, it stores the start of the time
 *     slice it found too old in the running G's {@code longRunningSince} (a plain store: the preemption request's
 *     volatile store of {@code gp.preempt} that follows publishes it to the G).
 * <li>the G ({@link #atSafePoint}), about to yield for the request: if {@code longRunningSince} is set, it clears
 *     it and commits the event with how long it has run. execute clears the field for every new time slice, so a
 *     request the G never honoured (it parked first) is forgotten.
 * </ol>
 */
@Name("io.github.gort.LongRunningGoroutine")
@Label("Long-Running Goroutine")
@Category({"gort", "Scheduler"})
@Description("A goroutine ran 10 ms or more without yielding; the stack trace is where it yielded")
public final class LongRunningGoroutineEvent extends Event {
    @Label("Goroutine")
    long goid;

    @Label("Ran For")
    @Description("Time from the start of its time slice (as sysmon saw it) until it yielded")
    @Timespan(Timespan.NANOSECONDS)
    long ranFor;

    /** sysmon is about to ask the G running on pp to yield; its slice began at sliceStart. Runs on sysmon. */
    public static void requested(P pp, long sliceStart) {
        M mp = pp.m;
        G gp = mp == null ? null : mp.curg;
        if (gp != null && new LongRunningGoroutineEvent().isEnabled()) {
            gp.longRunningSince = sliceStart;
        }
    }

    /** gp, the calling goroutine, yields for a preemption request: commit the event if sysmon marked it. */
    public static void atSafePoint(G gp) {
        long since = gp.longRunningSince;
        if (since == 0) {
            return;
        }
        gp.longRunningSince = 0;
        LongRunningGoroutineEvent e = new LongRunningGoroutineEvent();
        if (e.shouldCommit()) {
            e.goid = gp.goid;
            e.ranFor = System.nanoTime() - since;
            e.commit();
        }
    }
}
