package io.github.gort.internal.metrics;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.GStatus;

/**
 * The sampling behind {@code /sched/latencies:seconds}: how long goroutines wait runnable before an M runs them
 * (Go: proc.go casgstatus's tracking of runnable time, sched.timeToRun). One time in {@link #PERIOD} that a G
 * stops running, and at its creation for one G in PERIOD, the G is tracked: each time it becomes runnable
 * (newproc, goready, gosched, a preemption, a system call's slow exit) the clock is read, each time it leaves
 * runnable the wait is added up, and when it starts running (MLoop.execute) the sum goes into the runtime's
 * histogram and tracking stops. An untracked G costs one byte increment per time it stops running.
 *
 * <p>Who touches what: the tracking fields on G ({@code trackingSeq}, {@code tracking}, {@code runnableStamp},
 * {@code runnableTime}) are plain; only the thread making the G's status transition writes them (its M, or the
 * waker for waiting to runnable), right after its status CAS, while it still owns the G. The hand-over that lets
 * the next owner touch the G (a run-queue put, a status CAS the next owner reads) comes after, and publishes them.
 * The histogram is {@link TimeHistogram}'s.
 */
public final class SchedLatency {
    /** Track one transition out of running in this many (Go: gTrackingPeriod). */
    static final int PERIOD = 8;

    private SchedLatency() {}

    /** A new goroutine gp: track it from its creation if its id falls on the period. Caller: newproc1. */
    public static void created(G gp) {
        gp.trackingSeq = (byte) gp.goid;
        gp.tracking = (gp.trackingSeq & (PERIOD - 1)) == 0;
        gp.runnableStamp = 0;
        gp.runnableTime = 0;
    }

    /**
     * gp's status just moved from old to next. Caller: G.casgstatus after its CAS, only when old is RUNNING or
     * gp is tracked (so that untracked transitions into and out of waiting cost nothing).
     */
    public static void transition(G gp, int old, int next) {
        if (old == GStatus.RUNNING && (gp.trackingSeq++ & (PERIOD - 1)) == 0) {
            gp.tracking = true;
        }
        if (!gp.tracking) {
            return;
        }
        if (old == GStatus.RUNNABLE) {
            long now = System.nanoTime();
            gp.runnableTime += now - gp.runnableStamp;
            gp.runnableStamp = 0;
        }
        if (next == GStatus.RUNNABLE) {
            gp.runnableStamp = System.nanoTime();
        } else if (next == GStatus.RUNNING && old == GStatus.RUNNABLE) {   // not a system call's fast exit
            gp.tracking = false;
            gp.sched.stats.timeToRun.record(gp.runnableTime, stripe(gp));
            gp.runnableTime = 0;
        }
    }

    /**
     * The histogram stripe of a record: the P of the M that starts gp (it has set gp.m and owns a P), so that Ps
     * recording at once never share a counter. Not the goid: the Gs tracked from their creation all have goids
     * that are multiples of PERIOD, which put every such record in one stripe.
     */
    private static long stripe(G gp) {
        var mp = gp.m;
        var pp = mp == null ? null : mp.p;
        return pp != null ? pp.id : gp.goid;
    }
}
