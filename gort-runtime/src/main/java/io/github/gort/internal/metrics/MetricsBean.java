package io.github.gort.internal.metrics;

import io.github.gort.management.HistogramSummary;
import io.github.gort.management.MetricsMXBean;
import io.github.gort.metrics.Float64Histogram;
import io.github.gort.metrics.Metrics;
import io.github.gort.runtime.GoRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link MetricsMXBean} of one runtime, {@code io.github.gort:type=Metrics,name=runtime-N}; GoRuntime.run
 * registers it in the background and unregisters it when the runtime ends (MBeanRegistration). Holds only final
 * fields: the reads every JMX thread may make go to {@link Metrics#read(GoRuntime)}, racy snapshots, no lock.
 */
public final class MetricsBean implements MetricsMXBean {
    /** The type key of its MBean name. */
    public static final String TYPE = "Metrics";

    private final GoRuntime runtime;
    private final String id;

    /** rt's metrics, under the runtime name id (MBeanRegistration.nextRuntimeName). */
    public MetricsBean(GoRuntime rt, String id) {
        this.runtime = Objects.requireNonNull(rt, "MetricsBean: runtime is null");
        this.id = Objects.requireNonNull(id, "MetricsBean: id is null");
    }

    @Override
    public String getRuntimeId() {
        return id;
    }

    @Override
    public long getGoroutines() {
        return (long) read("/sched/goroutines:goroutines");
    }

    @Override
    public int getGomaxprocs() {
        return (int) read("/sched/gomaxprocs:threads");
    }

    @Override
    public long getGcCycles() {
        return (long) read("/gc/cycles/total:gc-cycles");
    }

    @Override
    public Map<String, Double> getValues() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metrics.Sample s : Metrics.read(runtime)) {
            if (s.histogram() == null) {
                out.put(s.name(), s.value());
            }
        }
        return out;
    }

    @Override
    public HistogramSummary getSchedLatencies() {
        return histogram("/sched/latencies:seconds");
    }

    @Override
    public HistogramSummary getGcPauses() {
        return histogram("/gc/pauses:seconds");
    }

    @Override
    public double read(String metric) {
        Metrics.Sample s = sample(metric);
        if (s.histogram() != null) {
            throw new IllegalArgumentException("MetricsMXBean.read: " + metric + " is a histogram; use histogram("
                    + metric + ")");
        }
        return s.value();
    }

    @Override
    public HistogramSummary histogram(String metric) {
        Metrics.Sample s = sample(metric);
        if (s.histogram() == null) {
            throw new IllegalArgumentException("MetricsMXBean.histogram: " + metric + " is not a histogram; use read("
                    + metric + ")");
        }
        return summary(metric, s.histogram());
    }

    /** h's summary: the quantiles' bucket upper bounds and the non-empty buckets. */
    static HistogramSummary summary(String metric, Float64Histogram h) {
        long[] all = h.counts();
        int n = 0;
        for (long c : all) {
            n += c != 0 ? 1 : 0;
        }
        double[] lower = new double[n];
        long[] nonEmpty = new long[n];
        for (int i = 0, j = 0; i < all.length; i++) {
            if (all[i] != 0) {
                lower[j] = h.buckets()[i];
                nonEmpty[j++] = all[i];
            }
        }
        return new HistogramSummary(metric, h.total(), h.quantile(0.5), h.quantile(0.9), h.quantile(0.99),
                h.quantile(1), lower, nonEmpty);
    }

    private Metrics.Sample sample(String metric) {
        List<Metrics.Sample> s = Metrics.read(runtime, List.of(Objects.requireNonNull(metric,
                "MetricsMXBean: metric name is null")));
        return s.get(0);
    }
}
