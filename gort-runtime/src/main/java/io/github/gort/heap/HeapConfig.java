package io.github.gort.heap;

import io.github.gort.internal.gcwork.Workbuf;
import io.github.gort.runtime.Config;
import java.util.Locale;
import java.util.Objects;

/**
 * How a gort heap is set up. GOGC and GODEBUG (gctrace, gccheckmark) come from the runtime's {@link Config};
 * these are the heap's own settings.
 *
 * @param limitBytes      the arena size: allocation beyond it, after a collection, fails with {@link OutOfHeapError}
 *                        (system property {@code gort.heap.limit} or environment {@code GORT_HEAP_LIMIT}, e.g.
 *                        {@code 512m}, {@code 2g}; default 1g)
 * @param minHeapBytes    the smallest heap goal (Go: heapMinimum, 4 MB)
 * @param workbufCapacity objects per GC workbuf (Go: 253; tiny values make buffers move between lists often)
 * @param assistBytes     bytes a P allocates during mark before it pays with mark work (Go: gcAssistBytes)
 * @param writeBarrier    {@link WriteBarrier#DIJKSTRA}, or {@link WriteBarrier#OFF_UNSAFE} to show what
 *                        checkmark catches when the barrier is missing (tests only)
 */
public record HeapConfig(long limitBytes, long minHeapBytes, int workbufCapacity, long assistBytes,
                         WriteBarrier writeBarrier) {
    /** The write barrier run on every pointer store during mark. */
    public enum WriteBarrier {
        /** Shade the new pointer (Go 1.5's insertion barrier). */
        DIJKSTRA,
        /** UNSAFE, diagnosis only: no barrier, so concurrent mark can miss reachable objects. */
        OFF_UNSAFE
    }

    public HeapConfig {
        if (minHeapBytes < 1 || workbufCapacity < 1 || assistBytes < 1) {
            throw new IllegalArgumentException("HeapConfig: minHeapBytes, workbufCapacity and assistBytes must be"
                    + " positive (got " + minHeapBytes + ", " + workbufCapacity + ", " + assistBytes + ")");
        }
        Objects.requireNonNull(writeBarrier, "writeBarrier");
    }

    /** 1 GiB limit, 4 MiB minimum goal, Go's workbuf size, 64 KiB assist chunks, the Dijkstra barrier. */
    public static HeapConfig defaults() {
        return new HeapConfig(1L << 30, 4L << 20, Workbuf.DEFAULT_CAPACITY, 64L << 10, WriteBarrier.DIJKSTRA);
    }

    /** Defaults, with the limit from {@code -Dgort.heap.limit} or {@code GORT_HEAP_LIMIT} if set. */
    public static HeapConfig fromEnvironment() {
        String v = System.getProperty("gort.heap.limit", System.getenv("GORT_HEAP_LIMIT"));
        HeapConfig c = defaults();
        return v == null || v.isBlank() ? c : c.limitBytes(parseBytes(v));
    }

    public HeapConfig limitBytes(long n) {
        return new HeapConfig(n, minHeapBytes, workbufCapacity, assistBytes, writeBarrier);
    }

    public HeapConfig minHeapBytes(long n) {
        return new HeapConfig(limitBytes, n, workbufCapacity, assistBytes, writeBarrier);
    }

    public HeapConfig workbufCapacity(int n) {
        return new HeapConfig(limitBytes, minHeapBytes, n, assistBytes, writeBarrier);
    }

    public HeapConfig assistBytes(long n) {
        return new HeapConfig(limitBytes, minHeapBytes, workbufCapacity, n, writeBarrier);
    }

    public HeapConfig writeBarrier(WriteBarrier b) {
        return new HeapConfig(limitBytes, minHeapBytes, workbufCapacity, assistBytes, b);
    }

    /** Parses {@code 123}, {@code 64k}, {@code 512m}, {@code 2g} (binary units). */
    public static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long mul = 1;
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            mul = 1L << 10;
        } else if (t.endsWith("m")) {
            mul = 1L << 20;
        } else if (t.endsWith("g")) {
            mul = 1L << 30;
        }
        if (mul != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n <= 0) {
                throw new NumberFormatException("not positive");
            }
            return n * mul;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("heap limit '" + s + "' is not a size; use bytes or a size like 64m or 2g", e);
        }
    }
}
