package io.github.gort.heap;

/**
 * A global root: a cell holding one object id that the collector always treats as reachable (Go: a pointer in a
 * package-level variable). Make one with {@link Heap#newRoot}; it lives as long as the heap.
 *
 * <p>Any goroutine may read or write it. Writes carry no write barrier: mark termination rescans every root with
 * the world stopped (Go 1.5's Dijkstra insertion barrier, which rescans stacks and globals in mark termination). The
 * field is volatile so that the
 * concurrent root scan sees a recent value; correctness rests on the rescan.
 */
public final class Root {
    private final String name;
    volatile long value;

    Root(String name) {
        this.name = name;
    }

    /** The object id held, or 0. */
    public long get() {
        return value;
    }

    /** Holds obj (0 clears the root). */
    public void set(long obj) {
        value = obj;
    }

    /** The name given at creation, used in checkmark reports. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "root \"" + name + "\"";
    }
}
