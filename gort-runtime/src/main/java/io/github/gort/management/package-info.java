/**
 * gort over JMX: {@link io.github.gort.management.MetricsMXBean}, one per running runtime, registered as
 * {@code io.github.gort:type=Metrics,name=<runtime id>}, with {@link io.github.gort.management.HistogramSummary}.
 */
package io.github.gort.management;
