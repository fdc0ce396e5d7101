package io.github.gort.heap;

/**
 * The layout of a heap object: {@code nptr} pointer slots followed by {@code nscalar} scalar words (Go: the
 * {@code _type} plus its size class; gort keeps one span class per shape, so objects carry no header).
 *
 * <p>Get one with {@link Heap#shape(int, int)} once and reuse it: allocation by shape is an array index, while
 * looking a shape up is a hash-map access. Immutable; any thread.
 */
public final class Shape {
    private final int id;
    private final int nptr;
    private final int nwords;

    Shape(int id, int nptr, int nscalar) {
        this.id = id;
        this.nptr = nptr;
        this.nwords = Math.max(1, nptr + nscalar);
    }

    /** This shape's number in its heap (0, 1, ... in order of first use). */
    public int id() {
        return id;
    }

    /** Pointer slots: indices 0 .. nptr-1. */
    public int nptr() {
        return nptr;
    }

    /** Scalar words: indices nptr .. words-1. */
    public int nscalar() {
        return nwords - nptr;
    }

    /** The object's size in 64-bit words (at least 1). */
    public int words() {
        return nwords;
    }

    /** The object's size in bytes. */
    public long bytes() {
        return 8L * nwords;
    }

    @Override
    public String toString() {
        return "shape{" + nptr + " ptr + " + (nwords - nptr) + " scalar words, " + bytes() + " B}";
    }
}
