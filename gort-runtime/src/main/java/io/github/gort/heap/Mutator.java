package io.github.gort.heap;

import io.github.gort.internal.collector.GcCycle;
import io.github.gort.internal.collector.GcHeap;
import io.github.gort.internal.collector.GcMark;
import io.github.gort.internal.collector.MSpan;
import io.github.gort.internal.collector.RootScope;
import io.github.gort.internal.collector.Sweep;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import io.github.gort.runtime.FatalError;
import java.util.Arrays;

/**
 * One goroutine's access to the heap: allocation, slot reads and writes (with the write barrier), and its root
 * scope, the stand-in for the goroutine stack that a Java collector cannot scan (Go: mallocgc, the compiler's
 * pointer stores with writebarrierptr, and the stack that markroot scans).
 *
 * <h2>The rule for object ids in Java locals</h2>
 * The collector cannot see Java locals. An id held in a local is safe until the goroutine's next <b>safe
 * point</b>: {@link #alloc}, {@link #checkPreempt}, and anything that may park or yield (channels, sync,
 * {@code Go.syscall}, {@code Go.gosched}). Across a safe point keep it in the scope ({@link #push}) or reachable
 * from an object that is (or from a {@link Root}). Objects never move, so an id stays valid while reachable.
 *
 * <p>Only the goroutine that created it may use a Mutator (checked in debug mode), and not inside
 * {@code Go.syscall} (no P: Go's "no mcache" rule). Close it when the goroutine is done with the heap, so its
 * scope stops being a root.
 *
 * <pre>
 * field        writer            readers                                 mode
 * roots, top   the goroutine     markers (racy, during concurrent mark);  plain; the world-stop publishes them
 *                                mark termination and checkmark (STW)
 * </pre>
 */
public final class Mutator implements AutoCloseable {
    private final GcHeap heap;
    private final GcCycle cycle;
    private final GcMark mark;
    private final long[] arena;
    private final G g;
    /** This goroutine's roots, read by the markers. */
    final RootScope scope;

    Mutator(GcHeap heap, G g) {
        this.heap = heap;
        this.cycle = heap.cycle;
        this.mark = heap.mark;
        this.arena = heap.mheap.arena;
        this.g = g;
        this.scope = new RootScope(g.goid);
    }

    /**
     * A new object of shape s, all slots zero. A safe point: the goroutine may yield here, and during mark it may
     * do mark work (an assist). Go: mallocgc.
     *
     * @throws OutOfHeapError when the heap limit is reached even after a full collection
     */
    public long alloc(Shape s) {
        G gp = g;
        if (gp.preempt) {
            checkPreempt();
        }
        P pp = gp.m.p;
        if (pp == null) {
            throw noP("alloc");
        }
        long a = heap.mcacheLocal.get(pp).nextFree(s);
        if (a == 0) {
            a = allocSlow(s);
        }
        int ia = (int) a;
        long[] ar = arena;
        for (int i = ia, end = ia + s.words(); i < end; i++) {
            ar[i] = 0;
        }
        if (cycle.gcphase != GcCycle.OFF) {
            mark.allocBlack(a, s, gp);
        }
        return a;
    }

    private long allocSlow(Shape s) {
        for (int attempt = 0; ; attempt++) {
            if (Debug.CHECKS) {
                checkGoroutine("alloc");
            }
            M mp = g.m;
            long a = heap.mcacheLocal.get(mp.p).refill(s);
            if (a != 0) {
                cycle.maybeStart(mp);
                return a;
            }
            if (attempt == 2) {
                throw new OutOfHeapError(heap.mheap.limitBytes, g.goid, s, heap.pacer.heapMarked());
            }
            cycle.waitForSpace();                           // runs a full collection; may yield
        }
    }

    /** The value of slot i of obj (a pointer slot or a scalar word). */
    public long get(long obj, int i) {
        long v = arena[(int) obj + i];
        if (Debug.CHECKS) {
            checkSlot("get", obj, i);
            if (v == Sweep.POISON) {
                throw new FatalError("Mutator.get: slot " + i + " of object " + obj + " holds the poison pattern:"
                        + " the object was freed (an id kept across a safe point outside the scope?)");
            }
        }
        return v;
    }

    /** Stores pointer val (an object id, or 0) into pointer slot i of obj, shading val during mark. */
    public void setPtr(long obj, int i, long val) {
        if (Debug.CHECKS) {
            checkSlot("setPtr", obj, i);
            if (i >= heap.mheap.spanOf(obj).shape.nptr()) {
                throw new IllegalArgumentException("setPtr: slot " + i + " of object " + obj + " is a scalar slot");
            }
        }
        arena[(int) obj + i] = val;
        if (cycle.writeBarrier && val != 0) {
            mark.shade(val, g);                             // Dijkstra: grey the new pointer
        }
    }

    /** Stores a scalar word into slot i of obj (i at or after the shape's pointer slots). No barrier. */
    public void setWord(long obj, int i, long val) {
        if (Debug.CHECKS) {
            checkSlot("setWord", obj, i);
            if (i < heap.mheap.spanOf(obj).shape.nptr()) {
                throw new IllegalArgumentException("setWord: slot " + i + " of object " + obj + " is a pointer slot;"
                        + " use setPtr so that the write barrier sees it");
            }
        }
        arena[(int) obj + i] = val;
    }

    // ------------------------------------------------------------------------------------------- the scope

    /** Pushes obj onto this goroutine's scope (a root until popped); returns its slot number. */
    public int push(long obj) {
        RootScope sc = scope;
        int t = sc.top;
        if (t == sc.slots.length) {
            sc.slots = Arrays.copyOf(sc.slots, t * 2);
        }
        sc.slots[t] = obj;
        sc.top = t + 1;
        return t;
    }

    /** The object in scope slot i. */
    public long root(int i) {
        return scope.slots[i];
    }

    /** Replaces the object in scope slot i. */
    public void setRoot(int i, long obj) {
        scope.slots[i] = obj;
    }

    /** The scope's depth, for {@link #popTo}. */
    public int depth() {
        return scope.top;
    }

    /** Pops the scope back to depth d (slots d and above stop being roots). */
    public void popTo(int d) {
        RootScope sc = scope;
        if (d < 0 || d > sc.top) {
            throw new IllegalArgumentException("popTo(" + d + "): the scope depth is " + sc.top);
        }
        Arrays.fill(sc.slots, d, sc.top, 0);
        sc.top = d;
    }

    /** Yields if the runtime asked this goroutine to (a safe point, as Go 1.5's function-entry check). */
    public void checkPreempt() {
        if (g.preempt) {
            Goroutines.checkPreempt(g.m);
        }
    }

    /** Stops treating this scope as a root. The goroutine must not use this Mutator afterwards. */
    @Override
    public void close() {
        heap.roots.scopes.remove(scope);
        scope.top = 0;
    }

    // -------------------------------------------------------------------------------------------- checks

    private IllegalStateException noP(String what) {
        return new IllegalStateException("Mutator." + what + ": goroutine " + g.goid + " has no P (inside"
                + " Go.syscall?): allocate and write pointers before or after the system call");
    }

    private void checkGoroutine(String what) {
        if (G.current() != g) {
            throw new IllegalStateException("Mutator." + what + ": this Mutator belongs to goroutine " + g.goid
                    + "; each goroutine must get its own with Heap.mutator()");
        }
    }

    private void checkSlot(String what, long obj, int i) {
        checkGoroutine(what);
        MSpan s = heap.mheap.spanOf(obj);
        if (s == null || !s.isAllocatedObject(obj)) {
            throw new FatalError("Mutator." + what + ": " + obj + " is not an allocated object");
        }
        if (i < 0 || i >= s.shape.words()) {
            throw new IndexOutOfBoundsException("Mutator." + what + ": slot " + i + " of a " + s.shape);
        }
    }
}
