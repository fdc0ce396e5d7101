package io.github.gort.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A distribution of durations in nanoseconds, in exponential buckets split linearly (Go: histogram.go
 * timeHistogram, an HDR histogram). A value's bucket is its most significant bit; the next {@link #SUB_BITS} bits
 * pick one of {@link #SUB_BUCKETS} equal sub-buckets, so a bucket's width is at most 1/16 of its lower bound.
 * Values below 16 ns get a bucket each; values from 2^{@value #MAX_BITS} ns (about 78 hours) on share an overflow
 * bucket.
 *
 * <pre>
 * field    writer                              readers                   mode
 * counts   any thread, atomic add into the     any thread (snapshot)     atomic (AtomicLongArray)
 *          stripe its caller picks
 * </pre>
 * The counts are striped: a recorder names a stripe (its P's id, its goid), so that Ps recording at once do not
 * share a counter; a snapshot sums the stripes. Recording allocates nothing and takes no lock.
 * Invariant: a snapshot's total never decreases between snapshots (counters only grow).
 */
public final class TimeHistogram {
    /** Sub-bucket bits: 16 sub-buckets per power of two (Go uses the same resolution). */
    static final int SUB_BITS = 4;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Values of this many bits and more go to the overflow bucket. */
    static final int MAX_BITS = 48;
    /** Super-buckets: one for values below 16 ns, then one per bit length from 5 to MAX_BITS. */
    private static final int SUPER_BUCKETS = MAX_BITS - SUB_BITS + 1;
    /** Buckets per stripe: the linear ones and one overflow bucket. */
    public static final int BUCKETS = SUPER_BUCKETS * SUB_BUCKETS + 1;
    private static final int STRIPES = Integer.highestOneBit(Math.max(1, Math.min(8,
            Runtime.getRuntime().availableProcessors())) * 2 - 1);

    private final AtomicLongArray counts = new AtomicLongArray(STRIPES * BUCKETS);

    /** Counts one duration of nanos (a negative one, from a clock step, counts as 0) in stripe hint's stripe. */
    public void record(long nanos, long hint) {
        int stripe = (int) (hint & (STRIPES - 1));
        counts.getAndIncrement(stripe * BUCKETS + bucket(nanos));
    }

    /** The bucket of nanos: see the class comment. */
    static int bucket(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return nanos < 0 ? 0 : (int) nanos;
        }
        int bits = 64 - Long.numberOfLeadingZeros(nanos);          // 5.. for nanos >= 16
        if (bits > MAX_BITS) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (bits - 1 - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (bits - SUB_BITS) * SUB_BUCKETS + sub;
    }

    /** The smallest value, in nanoseconds, that falls in bucket i (0 <= i < BUCKETS). */
    static long lowerBound(int i) {
        int sup = i / SUB_BUCKETS;
        int sub = i % SUB_BUCKETS;
        if (sup == 0) {
            return sub;
        }
        return (long) (SUB_BUCKETS + sub) << (sup - 1);
    }

    /** The counts per bucket, summed over the stripes (a racy snapshot). Any thread. */
    public long[] counts() {
        long[] out = new long[BUCKETS];
        for (int s = 0; s < STRIPES; s++) {
            for (int i = 0; i < BUCKETS; i++) {
                out[i] += counts.get(s * BUCKETS + i);
            }
        }
        return out;
    }

    /**
     * The bucket boundaries in seconds, Go's Float64Histogram convention: {@code BUCKETS + 1} values, bucket i
     * holds values v with {@code b[i] <= v < b[i+1]}; the last boundary is +Inf.
     */
    public static double[] boundariesSeconds() {
        double[] b = new double[BUCKETS + 1];
        for (int i = 0; i < BUCKETS; i++) {
            b[i] = lowerBound(i) / 1e9;
        }
        b[BUCKETS] = Double.POSITIVE_INFINITY;
        return b;
    }
}
