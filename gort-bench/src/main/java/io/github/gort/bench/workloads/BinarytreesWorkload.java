package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * binarytrees: the Benchmarks Game allocation benchmark on gort's heap ({@link BinaryTreesProgram}); reports the
 * wall time, GC cycles and stop-the-world pauses as the Go peer does. Args, as the JDK peer's:
 * {@code [depth] [parallel]} (default 21). The program's own lines are discarded, as run-all.sh keeps only the
 * last line.
 */
public final class BinarytreesWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        int depth = (int) Measure.arg(args, 0, 21);
        boolean parallel = args.size() > 1 && args.get(1).equals("parallel");
        Config config = Config.fromEnvironment();
        BinaryTreesProgram.Result[] result = new BinaryTreesProgram.Result[1];
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        MainGoroutine.run(config, () -> result[0] = BinaryTreesProgram.run(depth, parallel, discard));
        BinaryTreesProgram.Result r = result[0];
        Measure.line(parallel ? "binarytrees-parallel" : "binarytrees", config.gomaxprocs(), r.maxDepth(), Map.of(
                "wall_ms", String.format(Locale.ROOT, "%.1f", r.wallNanos() / 1e6),
                "heap_init_ms", String.format(Locale.ROOT, "%.1f", r.heapInitNanos() / 1e6),
                "gc_cycles", Long.toString(r.heap().gcCycles()),
                "max_pause_us", String.format(Locale.ROOT, "%.1f", r.heap().maxPauseNanos() / 1e3),
                "max_restart_wake_us", String.format(Locale.ROOT, "%.1f", r.heap().maxRestartWakeNanos() / 1e3),
                "total_pause_ms", String.format(Locale.ROOT, "%.2f", r.heap().totalPauseNanos() / 1e6)));
    }
}
