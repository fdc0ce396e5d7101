package io.github.gort.management;

import java.util.Map;

/**
 * A gort runtime's metrics over JMX, registered as {@code io.github.gort:type=Metrics,name=runtime-N} while the
 * runtime runs (GoRuntime.run registers it shortly after the start, in the background, and unregisters it as the
 * runtime ends). The values are those of {@link io.github.gort.metrics.Metrics}, under
 * the same names; jconsole and VisualVM show them under the MBeans tab.
 */
public interface MetricsMXBean {
    /** The runtime's id in this JVM (the {@code name} key of the MBean's name). */
    String getRuntimeId();

    /** {@code /sched/goroutines:goroutines}. */
    long getGoroutines();

    /** {@code /sched/gomaxprocs:threads}. */
    int getGomaxprocs();

    /** {@code /gc/cycles/total:gc-cycles}. */
    long getGcCycles();

    /**
     * Every counter and gauge: metric name to value, in the metric's unit (over JMX a table with the columns
     * {@code key} and {@code value}).
     */
    Map<String, Double> getValues();

    /** {@code /sched/latencies:seconds} as a histogram summary. */
    HistogramSummary getSchedLatencies();

    /** {@code /gc/pauses:seconds} as a histogram summary. */
    HistogramSummary getGcPauses();

    /** The value of the counter or gauge named name (a name listed by {@code Metrics.all()}). */
    double read(String name);

    /** The summary of the histogram metric named name (a {@code FLOAT64_HISTOGRAM} of {@code Metrics.all()}). */
    HistogramSummary histogram(String name);
}
