package io.github.gort.internal.scheduler;

import io.github.gort.runtime.RuntimeStats;
import java.io.PrintStream;

/**
 * {@code GODEBUG=schedtrace=N[,scheddetail=1]}: the scheduler's state every N ms on standard error, in Go's
 * format (Go 1.19: proc.go schedtrace), so that Go users can read it and reuse their parsers:
 * <pre>
 * SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]
 * </pre>
 * With scheddetail, Go's detailed form: the header adds gcwaiting, nmidlelocked, stopwait and sysmonwait, and one
 * line follows per P, per M and per G. Reads are racy by design, as in Go. Go 1.19's fields, and what gort prints:
 * <pre>
 *   P0: status=1 schedtick=5 syscalltick=0 m=0 runqsize=0 gfreecnt=0 timerslen=0
 *   M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=-1
 *   G1: status=2() m=0 lockedm=-1
 * </pre>
 * {@code blocked}: the M sleeps on a note (stopm, stop-the-world), as Go's notesleep sets it. {@code timerslen} is
 * 0: gort's timers live in one heap (Timers), not on the Ps. {@code mallocing}, {@code throwing}, {@code dying} and
 * the locked-thread fields have no gort counterpart (no M allocates for the GC, LockOSThread does not exist); they
 * print Go's idle values. Statuses print as numbers, and a G's wait reason in parentheses (gort clears it when the G
 * is readied).
 *
 * <p>gort adds the time to safe point (TimeToSafePoint) at the end of the header, as two more key=value fields
 * (last round/longest round, in µs, Go's integer style): {@code stwttsp=40/52013us foreachpttsp=12/310us}. With
 * scheddetail, one line per kind follows the G lines, with the longest round's holdout and the top
 * {@value #HOLDOUT_FRAMES} frames of its stack when it held out past 10 ms:
 * <pre>
 *   stwttsp: rounds=3 last=40us max=52013us longest=G7 held=52013us
 *     at example.Worker.spin(Worker.java:12)
 *   foreachpttsp: rounds=5 last=12us max=310us longest=none
 * </pre>
 */
final class SchedTrace {
    /** Frames of a holdout's stack that scheddetail prints. */
    static final int HOLDOUT_FRAMES = 5;

    private SchedTrace() {}

    static void print(Sched sched, long uptimeMillis, boolean detail) {
        PrintStream out = System.err;
        out.print(format(sched, uptimeMillis, detail));
        out.flush();
    }

    static String format(Sched sched, long uptimeMillis, boolean detail) {
        StringBuilder b = new StringBuilder();
        P[] allp = sched.allp();
        int threads = sched.mcount() + 1;                   // + sysmon, as Go's mcount counts it
        b.append("SCHED ").append(uptimeMillis).append("ms: gomaxprocs=").append(sched.gomaxprocs)
                .append(" idleprocs=").append(sched.npidle.get())
                .append(" threads=").append(threads)
                .append(" spinningthreads=").append(sched.nmspinning.get())
                .append(" idlethreads=").append(sched.nmidle)
                .append(" runqueue=").append(sched.runq.size());
        if (detail) {
            b.append(" gcwaiting=").append(sched.gcwaiting ? 1 : 0)
                    .append(" nmidlelocked=").append(sched.nmidlelocked)
                    .append(" stopwait=").append(sched.stopwait)
                    .append(" sysmonwait=").append(sched.sysmon.sysmonwaitVolatile() ? 1 : 0);
            ttspFields(b, sched);
            b.append('\n');
            for (P pp : allp) {
                M mp = pp.m;
                b.append("  P").append(pp.id).append(": status=").append(pp.statusVolatile())
                        .append(" schedtick=").append(pp.schedtick)
                        .append(" syscalltick=").append(pp.syscalltick)
                        .append(" m=").append(mp == null ? -1 : mp.id)
                        .append(" runqsize=").append(pp.runq.runqlen())
                        .append(" gfreecnt=").append(pp.gFreeCount)
                        .append(" timerslen=0\n");
            }
            for (M mp : sched.allm) {
                P pp = mp.p;
                G curg = mp.curg;
                b.append("  M").append(mp.id).append(": p=").append(pp == null ? -1 : pp.id)
                        .append(" curg=").append(curg == null ? -1 : curg.goid)
                        .append(" mallocing=0 throwing=0 preemptoff=").append(mp.preemptoff)
                        .append(" locks=").append(mp.locks)
                        .append(" dying=0 spinning=").append(mp.spinning)
                        .append(" blocked=").append(mp.blocked)
                        .append(" lockedg=-1\n");
            }
            for (G gp : sched.allgs.snapshot()) {
                int s = gp.statusVolatile();
                M mp = gp.m;
                b.append("  G").append(gp.goid).append(": status=").append(s)
                        .append('(').append(gp.waitreason).append(')');    // "" unless parked
                b.append(" m=").append(mp == null ? -1 : mp.id).append(" lockedm=-1\n");
            }
            ttspDetail(b, "stwttsp", sched.world.timeToSafePoint());
            ttspDetail(b, "foreachpttsp", sched.safePoint.timeToSafePoint());
            return b.toString();
        }
        b.append(" [");
        for (int i = 0; i < allp.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(allp[i].runq.runqlen());
        }
        b.append(']');
        ttspFields(b, sched);
        b.append('\n');
        return b.toString();
    }

    private static void ttspFields(StringBuilder b, Sched sched) {
        RuntimeStats.TimeToSafePoint stw = sched.world.timeToSafePoint();
        RuntimeStats.TimeToSafePoint fe = sched.safePoint.timeToSafePoint();
        b.append(" stwttsp=").append(stw.lastNanos() / 1000).append('/').append(stw.maxNanos() / 1000).append("us")
                .append(" foreachpttsp=").append(fe.lastNanos() / 1000).append('/').append(fe.maxNanos() / 1000)
                .append("us");
    }

    private static void ttspDetail(StringBuilder b, String name, RuntimeStats.TimeToSafePoint t) {
        b.append("  ").append(name).append(": rounds=").append(t.rounds())
                .append(" last=").append(t.lastNanos() / 1000).append("us max=").append(t.maxNanos() / 1000)
                .append("us");
        RuntimeStats.Holdout longest = t.longest();
        if (longest == null) {
            b.append(" longest=none\n");
            return;
        }
        b.append(" longest=G").append(longest.goid()).append(" held=").append(longest.nanos() / 1000).append("us\n");
        String stack = longest.stack();
        if (stack == null) {
            return;
        }
        if (stack.startsWith("stack unavailable")) {
            b.append("    ").append(stack).append('\n');
            return;
        }
        int from = 0;
        for (int i = 0; i < HOLDOUT_FRAMES && from < stack.length(); i++) {
            int nl = stack.indexOf('\n', from);
            int to = nl < 0 ? stack.length() : nl;
            b.append("    at ").append(stack, from, to).append('\n');
            from = to + 1;
        }
    }
}
