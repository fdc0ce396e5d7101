package io.github.gort.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeHistogramTest {
    @Test
    void everyValueFallsInTheBucketWhoseBoundsHoldIt() {
        long[] values = {0, 1, 15, 16, 17, 31, 32, 33, 100, 1_000, 4_095, 4_096, 123_456_789, 1L << 40,
                (1L << 48) - 1};
        for (long v : values) {
            int i = TimeHistogram.bucket(v);
            assertThat(TimeHistogram.lowerBound(i)).as("lower bound of %d's bucket %d", v, i).isLessThanOrEqualTo(v);
            assertThat(TimeHistogram.lowerBound(i + 1)).as("upper bound of %d's bucket %d", v, i).isGreaterThan(v);
        }
        assertThat(TimeHistogram.bucket(1L << 48)).isEqualTo(TimeHistogram.BUCKETS - 1);
        assertThat(TimeHistogram.bucket(Long.MAX_VALUE)).isEqualTo(TimeHistogram.BUCKETS - 1);
        assertThat(TimeHistogram.bucket(-5)).isZero();
    }

    @Test
    void aBucketIsAtMostOneSixteenthOfItsLowerBound() {
        for (int i = TimeHistogram.SUB_BUCKETS; i < TimeHistogram.BUCKETS - 1; i++) {
            long lo = TimeHistogram.lowerBound(i);
            long width = TimeHistogram.lowerBound(i + 1) - lo;
            assertThat(width * TimeHistogram.SUB_BUCKETS).as("bucket %d", i).isLessThanOrEqualTo(lo);
        }
    }

    @Test
    void countsSumOverStripesAndBoundariesAreSecondsEndingInInfinity() {
        TimeHistogram h = new TimeHistogram();
        for (int stripe = 0; stripe < 16; stripe++) {
            h.record(1_500_000, stripe);                 // 1.5 ms, from 16 different recorders
        }
        h.record(20, 3);
        long[] counts = h.counts();
        assertThat(counts[TimeHistogram.bucket(1_500_000)]).isEqualTo(16);
        assertThat(counts[TimeHistogram.bucket(20)]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(17);
        double[] b = TimeHistogram.boundariesSeconds();
        assertThat(b).hasSize(counts.length + 1);
        int i = TimeHistogram.bucket(1_500_000);
        assertThat(b[i]).isLessThanOrEqualTo(0.0015);
        assertThat(b[i + 1]).isGreaterThan(0.0015);
        assertThat(b[b.length - 1]).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
