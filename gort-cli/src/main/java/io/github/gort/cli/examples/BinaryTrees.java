package io.github.gort.cli.examples;

import io.github.gort.bench.workloads.BinaryTreesProgram;
import io.github.gort.heap.HeapStats;
import java.util.List;

/**
 * {@code binarytrees [depth] [parallel]}: the Benchmarks Game allocation benchmark on gort's managed heap
 * ({@link BinaryTreesProgram}), printing the same lines as the Go program, then a summary line on standard error:
 * wall time, GC cycles and the longest stop-the-world pause.
 */
final class BinaryTrees implements Example {
    @Override
    public String name() {
        return "binarytrees";
    }

    @Override
    public String description() {
        return "binarytrees [depth] [parallel]: build and walk binary trees on gort's heap (default depth 21)";
    }

    @Override
    public int main(List<String> args) {
        int depth = (int) Example.count(args, 0, 21, "binarytrees: depth");
        boolean parallel = args.size() > 1 && args.get(1).equals("parallel");
        BinaryTreesProgram.Result r = BinaryTreesProgram.run(depth, parallel, System.out);
        HeapStats st = r.heap();
        System.err.printf("binarytrees %d: wall %.2f s (after %.2f s of heap set-up), %d GC cycles, longest STW pause"
                        + " %.3f ms (longest wake of idle Ms after a restart %.3f ms), total pause %.1f ms,"
                        + " %d forEachP rounds%n", r.maxDepth(), r.wallNanos() / 1e9, r.heapInitNanos() / 1e9,
                st.gcCycles(), st.maxPauseNanos() / 1e6, st.maxRestartWakeNanos() / 1e6, st.totalPauseNanos() / 1e6,
                st.forEachPRounds());
        return 0;
    }
}
