package io.github.gort.internal.collector;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The {@code GODEBUG=gctrace=1} line, one per cycle on standard error, in Go 1.19's format (Go: runtime/extern.go
 * documents the fields; mgc.go gcMarkTermination prints them):
 *
 * <pre>
 * gc # @#s #%: #+#+# ms clock, #+#/#/#+# ms cpu, #-&gt;#-&gt;# MB, # MB goal, # MB stacks, # MB globals, # P
 * </pre>
 * cycle number; seconds since the heap was created; percentage of CPU time spent in GC since then; wall time of
 * pause 1, concurrent mark, pause 2; CPU time of pause 1 (times GOMAXPROCS), assists, background mark workers,
 * idle workers (always 0 in gort), pause 2; heap at cycle start, at mark end, marked; goal; gort has no stacks or
 * globals segment to report (0); GOMAXPROCS; " (forced)" when runtime.GC started the cycle.
 *
 * <pre>
 * field        writer                                      mode
 * startNanos   constructor                                 final
 * gcCpuNanos   the coordinator, after mark termination     plain: one coordinator at a time (GcCycle.running);
 *                                                          successive coordinators are ordered by running's CAS
 * </pre>
 */
final class GcTrace {
    /** What one cycle measured, for its trace line. Times in nanoseconds, sizes in bytes. */
    record Cycle(int n, long beginNanos, long pause1Nanos, long markNanos, long pause2Nanos, long heapAtStart,
                 long heapAtMarkEnd, long heapMarked, long heapGoal, boolean forced) {}

    private final long startNanos;
    /** GC CPU time since the heap was created (pauses times GOMAXPROCS, assists, mark workers). */
    private long gcCpuNanos;

    GcTrace(long startNanos) {
        this.startNanos = startNanos;
    }

    /**
     * Prints c's line, charging its pauses and the pacer's assist and worker time (taken, hence reset) to the
     * running CPU total. The coordinator, after the world restarted.
     */
    void print(Cycle c, GcPacer pacer, int procs) {
        long assistNanos = pacer.takeAssistNanos();
        long workerNanos = pacer.takeMarkWorkerNanos();
        double assistMs = assistNanos / 1e6;
        double bgMs = workerNanos / 1e6;
        gcCpuNanos += (c.pause1Nanos() + c.pause2Nanos()) * procs + (long) ((assistMs + bgMs) * 1e6);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long pct = Math.round(100.0 * gcCpuNanos / Math.max(1.0, elapsed * 1e9 * procs));
        System.err.println(line(c, startNanos, pct, assistMs, bgMs, procs));
    }

    /** The trace line of c (without the line separator). */
    static String line(Cycle c, long startNanos, long pct, double assistMs, double bgMs, int procs) {
        return String.format("gc %d @%.3fs %d%%: %s+%s+%s ms clock, %s+%s/%s/0+%s ms cpu, %d->%d->%d MB, %d MB goal,"
                        + " 0 MB stacks, 0 MB globals, %d P%s",
                c.n(), (c.beginNanos() - startNanos) / 1e9, pct, ms(c.pause1Nanos() / 1e6), ms(c.markNanos() / 1e6),
                ms(c.pause2Nanos() / 1e6), ms(c.pause1Nanos() * procs / 1e6), ms(assistMs), ms(bgMs),
                ms(c.pause2Nanos() * procs / 1e6), c.heapAtStart() >> 20, c.heapAtMarkEnd() >> 20,
                c.heapMarked() >> 20, c.heapGoal() == Long.MAX_VALUE ? 0 : c.heapGoal() >> 20, procs,
                c.forced() ? " (forced)" : "");
    }

    /** Milliseconds as Go prints them: two significant digits below 10 (0.011, 0.45, 4.5), whole above (12). */
    static String ms(double v) {
        if (v >= 10) {
            return Long.toString(Math.round(v));
        }
        return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
