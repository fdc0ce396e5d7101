package io.github.gort.agenttest;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Goroutines that each hold a P in a loop without runtime calls until the test stops them: they yield only where
 * gort-agent put a poll (this class is in {@code io.github.gort.agenttest}, which the agent rewrites). The loop
 * reads one volatile field per pass, {@link #stopped}, which is a memory access, not a call.
 *
 * <p>Field table: {@code stopped} is written by the test's goroutine ({@link #stopAndAwait}) and read by every
 * spinner (volatile); {@code started} is incremented by each spinner once, before its loop, and read by
 * {@link #start}; {@code passes} slot i is written once by spinner i after its loop and read after
 * {@link #stopAndAwait} (the WaitGroup orders them).
 */
final class Spinners {
    /** The loops the spinners run, each without a runtime call. */
    enum Shape {
        /** A linear congruential step on a local: the tightest loop, one back-edge. */
        LCG,
        /** A pass over a 64-element array inside the outer loop: two back-edges, an inner counted loop. */
        NESTED_ARRAY,
        /**
         * A call through an interface with three receiver classes taken in turn: a megamorphic site, which C2 does
         * not inline, so each pass makes a real virtual call into code of this package (no loop there, no poll).
         */
        VIRTUAL_CALL
    }

    private static final long MUL = 6364136223846793005L;
    private static final long ADD = 1442695040888963407L;
    private static volatile long sink;

    private final Shape shape;
    private final WaitGroup done = new WaitGroup();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLongArray passes;
    private volatile boolean stopped;

    private Spinners(Shape shape, int n) {
        this.shape = shape;
        this.passes = new AtomicLongArray(n);
    }

    /**
     * Starts n spinners of shape and returns once each has entered its loop (the caller yields until then, so at
     * GOMAXPROCS=n every P is held by a spinner whenever the caller is not running). Caller is a goroutine.
     */
    static Spinners start(Shape shape, int n) {
        Spinners s = new Spinners(shape, n);
        s.done.add(n);
        for (int i = 0; i < n; i++) {
            int slot = i;
            Go.go(() -> s.spin(slot));
        }
        while (s.started.get() < n) {
            Go.gosched();
        }
        return s;
    }

    /** Raises the stop flag and waits until every spinner has left its loop. Caller is a goroutine. */
    void stopAndAwait() {
        stopped = true;
        done.await();
    }

    /** How many passes of its loop each spinner made; read after {@link #stopAndAwait}. */
    long[] passes() {
        long[] out = new long[passes.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = passes.get(i);
        }
        return out;
    }

    private void spin(int slot) {
        started.incrementAndGet();
        long n = switch (shape) {
            case LCG -> lcg();
            case NESTED_ARRAY -> nestedArray();
            case VIRTUAL_CALL -> virtualCall();
        };
        passes.set(slot, n);
        done.done();
    }

    private long lcg() {
        long x = 1;
        long n = 0;
        while (!stopped) {
            x = x * MUL + ADD;
            n++;
        }
        sink = x;
        return n;
    }

    private long nestedArray() {
        long[] a = new long[64];
        long n = 0;
        while (!stopped) {
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] * MUL + i;
            }
            n++;
        }
        sink = a[n == 0 ? 0 : (int) (n % a.length)];
        return n;
    }

    private long virtualCall() {
        Step[] steps = {new Multiply(), new Rotate(), new Negate()};
        long x = 1;
        long n = 0;
        while (!stopped) {
            x = steps[(int) (n % steps.length)].apply(x);
            n++;
        }
        sink = x;
        return n;
    }

    /** One step of the VIRTUAL_CALL loop. */
    private interface Step {
        long apply(long x);
    }

    private static final class Multiply implements Step {
        @Override
        public long apply(long x) {
            return x * MUL + ADD;
        }
    }

    private static final class Rotate implements Step {
        @Override
        public long apply(long x) {
            return Long.rotateLeft(x, 7) ^ ADD;
        }
    }

    private static final class Negate implements Step {
        @Override
        public long apply(long x) {
            return -x + MUL;
        }
    }
}
