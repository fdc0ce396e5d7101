package io.github.gort.heap;

import io.github.gort.internal.collector.ByteSizes;
import io.github.gort.runtime.FatalError;

/**
 * The heap limit is reached: even after a full collection there is no span for the object (Go: "fatal error:
 * out of memory"). The heap is left consistent: no object was partly allocated. Raise the limit with
 * {@code -Dgort.heap.limit=2g} (or {@code GORT_HEAP_LIMIT}), or keep fewer objects reachable.
 */
public final class OutOfHeapError extends FatalError {
    private static final long serialVersionUID = 1L;

    OutOfHeapError(long limitBytes, long goid, Shape shape, long liveBytes) {
        super("out of memory: gort heap limit " + ByteSizes.format(limitBytes) + " reached while goroutine "
                + goid + " allocated a " + shape.bytes() + "-byte object (" + (liveBytes >> 20)
                + " MiB live after a full collection); raise -Dgort.heap.limit (or GORT_HEAP_LIMIT) or keep fewer"
                + " objects reachable");
    }
}
