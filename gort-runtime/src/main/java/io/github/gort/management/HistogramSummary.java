package io.github.gort.management;

/**
 * A histogram metric's summary as {@link MetricsMXBean} shows it (an MXBean maps a record to a
 * {@code CompositeData} with one item per component). The quantiles are upper bounds of the buckets that hold
 * them, in the metric's unit.
 *
 * @param name        the metric's name
 * @param count       values recorded
 * @param p50         the median's bucket upper bound
 * @param p90         the 90th percentile's bucket upper bound
 * @param p99         the 99th percentile's bucket upper bound
 * @param max         the largest value's bucket upper bound
 * @param lowerBounds lower bounds of the non-empty buckets, ascending
 * @param counts      values in each of those buckets
 */
public record HistogramSummary(String name, long count, double p50, double p90, double p99, double max,
                               double[] lowerBounds, long[] counts) {}
