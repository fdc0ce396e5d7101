package io.github.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: one GC cycle of gort's managed heap, from sweep termination to the end of mark termination, with the
 * lengths of its phases (Go: mgc.go gcStart .. gcMarkTermination; the figures of a gctrace line). Begun and
 * committed by the cycle's coordinator goroutine, the only one that touches an instance. {@link #start} returns
 * null when JFR does not record the event.
 */
@Name("io.github.gort.GcCycle")
@Label("GC Cycle")
@Category({"gort", "GC"})
@Description("A GC cycle of gort's managed heap")
@StackTrace(false)
public final class GcCycleEvent extends Event {
    @Label("Cycle")
    int cycle;

    @Label("Forced")
    @Description("Started by Heap.collect (runtime.GC), not by the heap trigger")
    boolean forced;

    @Label("Sweep Termination Pause")
    @Description("Pause 1: the world stopped to start marking")
    @Timespan(Timespan.NANOSECONDS)
    long sweepTerminationPause;

    @Label("Concurrent Mark")
    @Timespan(Timespan.NANOSECONDS)
    long concurrentMark;

    @Label("Mark Termination Pause")
    @Description("Pause 2: the world stopped to finish marking")
    @Timespan(Timespan.NANOSECONDS)
    long markTerminationPause;

    @Label("Heap At Start")
    @DataAmount
    long heapAtStart;

    @Label("Heap Marked")
    @DataAmount
    long heapMarked;

    @Label("Heap Goal")
    @DataAmount
    long heapGoal;

    /** The lengths of a cycle's phases, in nanoseconds, and its heap figures, in bytes. */
    public record Figures(int cycle, boolean forced, long pause1, long mark, long pause2, long heapAtStart,
                          long heapMarked, long heapGoal) {}

    /** A begun event, or null if JFR does not record it. Caller: the coordinator, at the cycle's start. */
    public static GcCycleEvent start() {
        GcCycleEvent e = new GcCycleEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /** Mark termination ended: commit e with the cycle's figures. Caller: the coordinator, only for a non-null e
     * (so that the figures are built only while JFR records). */
    public static void finish(GcCycleEvent e, Figures f) {
        e.end();
        if (e.shouldCommit()) {
            e.cycle = f.cycle();
            e.forced = f.forced();
            e.sweepTerminationPause = f.pause1();
            e.concurrentMark = f.mark();
            e.markTerminationPause = f.pause2();
            e.heapAtStart = f.heapAtStart();
            e.heapMarked = f.heapMarked();
            e.heapGoal = f.heapGoal();
            e.commit();
        }
    }
}
