package io.github.gort.cli.examples;

import io.github.gort.runtime.Heap;
import io.github.gort.runtime.HeapStats;
import io.github.gort.runtime.Mutator;
import io.github.gort.runtime.Shape;
import java.util.List;

/**
 * {@code binarytrees [depth]}: the Benchmarks Game allocation benchmark on gort's managed heap, printing the same
 * lines as the Go program (peers/go/binarytrees), then a summary line on standard error: wall time, GC cycles
 * and the longest stop-the-world pause.
 *
 * <p>A node is two pointer slots (16 bytes, as in Go). Ids held across a safe point (every allocation) are kept
 * in the goroutine's scope: a node is allocated first and pushed, then its children are built and stored into it,
 * so each subtree is reachable from the scope while it grows. check() passes a safe point at every node, like Go
 * 1.5's preemption check at function entry.
 */
final class BinaryTrees implements Example {
    private static final int MIN_DEPTH = 4;

    @Override
    public String name() {
        return "binarytrees";
    }

    @Override
    public String description() {
        return "binarytrees [depth]: build and walk binary trees on gort's heap (default depth 21)";
    }

    @Override
    public int main(List<String> args) {
        int maxDepth = Math.max(MIN_DEPTH + 2, (int) Example.count(args, 0, 21, "binarytrees: depth"));
        if (maxDepth > 30) {
            throw new IllegalArgumentException("binarytrees: depth must be at most 30, got " + maxDepth);
        }
        long start = System.nanoTime();
        Heap heap = Heap.current();
        Shape node = heap.shape(2, 0);
        try (Mutator mu = heap.mutator()) {
            int stretch = maxDepth + 1;
            int base = mu.depth();
            long t = bottomUp(mu, node, stretch);
            mu.push(t);
            System.out.println("stretch tree of depth " + stretch + "\t check: " + check(mu, t));
            mu.popTo(base);
            long longLived = bottomUp(mu, node, maxDepth);
            mu.push(longLived);
            for (int d = MIN_DEPTH; d <= maxDepth; d += 2) {
                int iters = 1 << (maxDepth - d + MIN_DEPTH);
                long chk = 0;
                int mark = mu.depth();
                for (int i = 0; i < iters; i++) {
                    long tree = bottomUp(mu, node, d);
                    mu.push(tree);
                    chk += check(mu, tree);
                    mu.popTo(mark);
                }
                System.out.println(iters + "\t trees of depth " + d + "\t check: " + chk);
            }
            System.out.println("long lived tree of depth " + maxDepth + "\t check: " + check(mu, longLived));
        }
        HeapStats st = heap.stats();
        System.err.printf("binarytrees %d: wall %.2f s, %d GC cycles, longest STW pause %.3f ms, total pause %.1f ms,"
                        + " %d forEachP rounds%n", maxDepth, (System.nanoTime() - start) / 1e9, st.gcCycles(),
                st.maxPauseNanos() / 1e6, st.totalPauseNanos() / 1e6, st.forEachPRounds());
        return 0;
    }

    /** A complete tree of the given depth; the caller must root the result before its next safe point. */
    private static long bottomUp(Mutator mu, Shape node, int depth) {
        long n = mu.alloc(node);
        if (depth > 0) {
            int slot = mu.push(n);
            long left = bottomUp(mu, node, depth - 1);
            mu.setPtr(n, 0, left);                          // no safe point between the return and this store
            long right = bottomUp(mu, node, depth - 1);
            mu.setPtr(n, 1, right);
            mu.popTo(slot);
        }
        return n;
    }

    private static int check(Mutator mu, long n) {
        mu.checkPreempt();
        long left = mu.get(n, 0);
        if (left == 0) {
            return 1;
        }
        return 1 + check(mu, left) + check(mu, mu.get(n, 1));
    }
}
