package io.github.gort.internal.scheduler;

import java.io.PrintStream;

/** A goroutine dump in Go's style ({@code goroutine 7 [chan receive]:}), printed after a fatal error. */
public final class SchedDump {
    private SchedDump() {}

    public static void goroutines(Sched sched, PrintStream out) {
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.statusVolatile();
            if (s == GStatus.DEAD || s == GStatus.IDLE) {
                continue;
            }
            String state = s == GStatus.WAITING && !gp.waitreason.isEmpty() ? gp.waitreason : GStatus.traceName(s);
            out.println("goroutine " + gp.goid + " [" + state + "]:");
            if (gp.parentGoid != 0) {
                out.println("created by goroutine " + gp.parentGoid);
            }
            out.println();
        }
    }
}
