package io.github.gort.internal.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * A seeded bug for {@link RunqLincheckTest}: the run queue protocol with one change, a thief that advances head
 * with a plain store instead of a CAS. Two thieves (or a thief and the owner) can then take the same G; the
 * model checker must find that interleaving.
 */
public class BrokenStealRunqModel {
    private static final VarHandle HEAD =
            VarHandles.field(MethodHandles.lookup(), BrokenStealRunqModel.class, "head", int.class);

    private final long[] ring = new long[4];
    private volatile int head;
    private volatile int tail;
    private long next = 1;

    @Operation(nonParallelGroup = "owner")
    public void runqput() {
        int h = head;
        int t = tail;
        if (t - h < ring.length) {
            ring[t & 3] = next++;
            tail = t + 1;
        }
    }

    @Operation(nonParallelGroup = "owner")
    public Long runqget() {
        while (true) {
            int h = head;
            if (tail == h) {
                return null;
            }
            long v = ring[h & 3];
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return v;
            }
        }
    }

    /** BUG: reads the half to take, then publishes head with a plain store. */
    @Operation
    public Long runqsteal() {
        int h = head;
        int t = tail;
        int n = (t - h) - (t - h) / 2;
        if (n == 0) {
            return null;
        }
        long first = ring[h & 3];
        head = h + n;
        return first;
    }
}
