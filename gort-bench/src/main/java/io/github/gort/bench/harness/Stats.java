package io.github.gort.bench.harness;

import java.util.List;

/**
 * Median, minimum and maximum of the per-run figures of one implementation on one row.
 *
 * @param median the middle value (mean of the two middle values for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param count  how many runs contributed
 */
public record Stats(double median, double min, double max, int count) {
    /** The statistics of {@code values}; throws IllegalArgumentException when there are none. */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("Stats.of: no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Stats(median, v[0], v[n - 1], n);
    }
}
