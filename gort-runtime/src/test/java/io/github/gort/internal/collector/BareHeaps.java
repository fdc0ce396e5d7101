package io.github.gort.internal.collector;

import io.github.gort.heap.Shape;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Page heaps and shapes without a runtime, for the direct tests of spans, mcentral, sweep and mheap. A
 * {@link Shape}'s constructor belongs to the API package (the API's {@code Heap} passes {@code Shape::new} to
 * {@link GcHeap}); these tests run on the class path and reach it by reflection.
 *
 * <p>Nothing here needs a goroutine or a P: MHeap, MCentral, MSpan and Sweep.sweepone run on any thread (their
 * locks are RuntimeLocks, which accept plain threads).
 */
final class BareHeaps {
    private static final Constructor<Shape> SHAPE;

    static {
        try {
            SHAPE = Shape.class.getDeclaredConstructor(int.class, int.class, int.class);
            SHAPE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BareHeaps() {}

    /** A page heap of limitBytes with the API's own shapes. */
    static MHeap heap(long limitBytes) {
        return new MHeap(limitBytes, BareHeaps::shape);
    }

    /** A shape that no heap registered (for span arithmetic on shapes beyond the registry's limit). */
    static Shape shape(int id, int nptr, int nscalar) {
        try {
            return SHAPE.newInstance(id, nptr, nscalar);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("BareHeaps: cannot make a Shape(" + id + ", " + nptr + ", " + nscalar + ")",
                    e);
        }
    }

    /**
     * Mark termination as GcCycle does it for these pieces: every span is on its central's lists, sweepgen moves
     * on by 2 and the sweep expects every span in use. Caller is the only thread touching h.
     */
    static void endMark(MHeap h, Sweep sweep) {
        h.sweepgen += 2;
        sweep.startCycle(h.spansInUse());
    }
}
