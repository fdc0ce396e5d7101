package io.github.gort.bench.workloads;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapStats;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.Shape;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.io.PrintStream;

/**
 * The Benchmarks Game binary-trees program on gort's managed heap, printing the same lines as every binary-trees
 * program (peers/go/binarytrees). Used by {@code gort run binarytrees} and by the bench workload. Call it from a
 * goroutine.
 *
 * <p>A node is two pointer slots (16 bytes, as in Go). Ids held across a safe point (every allocation) are kept in
 * the goroutine's scope: a node is allocated first and pushed, then its children are built and stored into it, so
 * each subtree is reachable from the scope while it grows. check() passes a safe point at every node, like Go
 * 1.5's preemption check at function entry. In the parallel variant each depth's iterations run in a goroutine of
 * their own, with its own Mutator (as Go's {@code -parallel}).
 */
public final class BinaryTreesProgram {
    private static final int MIN_DEPTH = 4;

    /**
     * What one run measured. {@code wallNanos} starts once the heap exists, as the Go and JDK programs start their
     * clocks after their runtimes reserved a heap; {@code heapInitNanos} is the one-time set-up of gort's arena
     * (a zeroed long[] of the heap limit, 1 GiB by default).
     */
    public record Result(int maxDepth, long wallNanos, long heapInitNanos, HeapStats heap) {}

    private BinaryTreesProgram() {}

    /**
     * Runs binary-trees to maxDepth (at least 6), printing the program's lines to out.
     *
     * @throws IllegalArgumentException if maxDepth is above 30
     */
    public static Result run(int requestedDepth, boolean parallel, PrintStream out) {
        int maxDepth = Math.max(MIN_DEPTH + 2, requestedDepth);
        if (maxDepth > 30) {
            throw new IllegalArgumentException("binarytrees: depth must be at most 30, got " + maxDepth);
        }
        long init = System.nanoTime();
        Heap heap = Heap.current();
        long start = System.nanoTime();
        Shape node = heap.shape(2, 0);
        String[] lines = new String[maxDepth + 1];
        try (Mutator mu = heap.mutator()) {
            int stretch = maxDepth + 1;
            int base = mu.depth();
            long t = bottomUp(mu, node, stretch);
            mu.push(t);
            out.println("stretch tree of depth " + stretch + "\t check: " + check(mu, t));
            mu.popTo(base);
            long longLived = bottomUp(mu, node, maxDepth);
            mu.push(longLived);
            WaitGroup wg = new WaitGroup();
            for (int d = MIN_DEPTH; d <= maxDepth; d += 2) {
                int depth = d;
                int iters = 1 << (maxDepth - d + MIN_DEPTH);
                if (parallel) {
                    wg.add(1);
                    Go.go(() -> {
                        try (Mutator own = heap.mutator()) {
                            lines[depth] = depthLine(own, node, depth, iters);
                        }
                        wg.done();
                    });
                } else {
                    lines[depth] = depthLine(mu, node, depth, iters);
                }
            }
            wg.await();
            for (int d = MIN_DEPTH; d <= maxDepth; d += 2) {
                out.println(lines[d]);
            }
            out.println("long lived tree of depth " + maxDepth + "\t check: " + check(mu, longLived));
        }
        return new Result(maxDepth, System.nanoTime() - start, start - init, heap.stats());
    }

    private static String depthLine(Mutator mu, Shape node, int depth, int iters) {
        long chk = 0;
        int mark = mu.depth();
        for (int i = 0; i < iters; i++) {
            long tree = bottomUp(mu, node, depth);
            mu.push(tree);
            chk += check(mu, tree);
            mu.popTo(mark);
        }
        return iters + "\t trees of depth " + depth + "\t check: " + chk;
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
