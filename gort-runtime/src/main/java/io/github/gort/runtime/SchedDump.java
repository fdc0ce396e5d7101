package io.github.gort.runtime;

import java.io.PrintStream;

/** A goroutine dump in Go's style ({@code goroutine 7 [chan receive]:}), printed after a fatal error. */
final class SchedDump {
    private SchedDump() {}

    static void goroutines(Sched sched, PrintStream out) {
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.status();
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
