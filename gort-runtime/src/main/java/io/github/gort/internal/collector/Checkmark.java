package io.github.gort.internal.collector;

import io.github.gort.heap.Root;
import io.github.gort.runtime.FatalError;
import java.util.Arrays;

/**
 * Checkmark mode ({@code GODEBUG=gccheckmark=1}): after the concurrent mark, with the world stopped, mark again
 * from every root into a separate bitmap and fail loudly if an object reached this way was not marked by the
 * concurrent mark (Go: mcheckmark.go, setCheckmark and the "marking free object"/"checkmark found unmarked
 * object" throws).
 *
 * <p>World stopped throughout; the coordinator is the only thread running. Nothing here is concurrent.
 */
public final class Checkmark {
    private final MHeap heap;
    private final Roots roots;
    private long[] stack = new long[1024];
    private long[] parents = new long[1024];
    private int sp;

    public Checkmark(MHeap heap, Roots roots) {
        this.heap = heap;
        this.roots = roots;
    }

    /**
     * Re-marks from the roots; throws a FatalError naming the first reachable object the concurrent mark of
     * {@code cycle} missed (its id, size, shape, the root it hangs from and its parent). World stopped.
     */
    void run(int cycle) {
        for (MSpan s : heap.spans) {
            if (s != null && s.state == MSpan.IN_USE) {
                if (s.checkmarkBits == null || s.checkmarkBits.length != s.gcmarkBits.length) {
                    s.checkmarkBits = new long[s.gcmarkBits.length];
                } else {
                    Arrays.fill(s.checkmarkBits, 0);
                }
            }
        }
        for (Root r : roots.globals) {
            trace(r.get(), "global " + r, cycle);
        }
        for (RootScope m : roots.scopes) {
            for (int i = 0; i < m.top; i++) {
                trace(m.slots[i], "scope slot " + i + " of goroutine " + m.goid, cycle);
            }
        }
    }

    private void trace(long root, String rootName, int cycle) {
        if (root == 0) {
            return;
        }
        sp = 0;
        push(root, 0);
        while (sp > 0) {
            sp--;
            long obj = stack[sp];
            long parent = parents[sp];
            MSpan s = heap.spanOf(obj);
            if (s == null || s.state != MSpan.IN_USE || !s.isAllocatedObject(obj)) {
                throw new FatalError("checkmark: " + rootName + " reaches " + obj + (parent == 0 ? "" : " (from object "
                        + parent + ")") + ", which is not an allocated object (cycle " + cycle + ")");
            }
            int idx = s.objIndex(obj);
            long bit = 1L << idx;
            if ((s.checkmarkBits[idx >>> 6] & bit) != 0) {
                continue;
            }
            s.checkmarkBits[idx >>> 6] |= bit;
            if ((s.gcmarkBits[idx >>> 6] & bit) == 0) {
                throw new FatalError("checkmark: found unmarked object " + obj + " (" + s.shape.bytes() + " B, "
                        + s.shape + ", span " + s.index + ") reachable from " + rootName
                        + (parent == 0 ? " directly" : " through object " + parent)
                        + ": the concurrent mark of GC cycle " + cycle + " missed it (a lost grey object or a"
                        + " missing write barrier)");
            }
            int a = (int) obj;
            for (int i = 0; i < s.shape.nptr(); i++) {
                long p = heap.arena[a + i];
                if (p != 0) {
                    push(p, obj);
                }
            }
        }
    }

    private void push(long obj, long parent) {
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
            parents = Arrays.copyOf(parents, sp * 2);
        }
        stack[sp] = obj;
        parents[sp] = parent;
        sp++;
    }
}
