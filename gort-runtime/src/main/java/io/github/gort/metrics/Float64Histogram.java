package io.github.gort.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * A distribution of float64 values, as Go's {@code metrics.Float64Histogram}: {@code counts[i]} values fell in
 * the bucket {@code [buckets[i], buckets[i+1])}, so {@code buckets} has one more element than {@code counts}; the
 * last boundary may be {@code +Inf}. Boundaries are in the metric's unit (seconds for gort's histograms).
 *
 * <p>A snapshot: the arrays are copies made for this value, and the accessors return them as they are (do not
 * change them if the value is shared).
 *
 * @param counts  values per bucket
 * @param buckets the bucket boundaries, ascending, {@code counts.length + 1} of them
 */
public record Float64Histogram(long[] counts, double[] buckets) {
    public Float64Histogram {
        Objects.requireNonNull(counts, "Float64Histogram: counts is null");
        Objects.requireNonNull(buckets, "Float64Histogram: buckets is null");
        if (buckets.length != counts.length + 1) {
            throw new IllegalArgumentException("Float64Histogram: " + buckets.length + " boundaries for "
                    + counts.length + " counts; give one boundary more than counts");
        }
    }

    /** The number of values recorded. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The upper boundary of the bucket that holds the q-quantile (0 &lt;= q &lt;= 1): an upper estimate, exact to
     * the bucket's width. 0 when no value was recorded.
     *
     * @throws IllegalArgumentException if q is outside [0, 1]
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("Float64Histogram.quantile: q must be within [0, 1], got " + q);
        }
        long total = total();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return buckets[i + 1];
            }
        }
        return buckets[buckets.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Float64Histogram h && Arrays.equals(counts, h.counts) && Arrays.equals(buckets, h.buckets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Arrays.hashCode(buckets);
    }

    @Override
    public String toString() {
        return "Float64Histogram[total=" + total() + ", p50<=" + quantile(0.5) + ", p99<=" + quantile(0.99) + "]";
    }
}
