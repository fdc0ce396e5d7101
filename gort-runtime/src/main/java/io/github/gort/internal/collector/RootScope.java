package io.github.gort.internal.collector;

/**
 * One goroutine's root scope: the object ids it keeps live across safe points, the stand-in for the goroutine
 * stack that markroot scans in Go (a Java stack cannot be scanned). The API's {@code Mutator} pushes and pops;
 * the markers read it.
 *
 * <pre>
 * field        writer                       readers                                   mode
 * slots, top   the goroutine (its Mutator)  markers (racy, during concurrent mark);   plain; the world-stop publishes
 *                                           mark termination and checkmark (STW)      them
 * goid         constructor                  checkmark reports                         final
 * </pre>
 */
public final class RootScope {
    public long[] slots = new long[32];
    public int top;
    public final long goid;

    public RootScope(long goid) {
        this.goid = goid;
    }
}
