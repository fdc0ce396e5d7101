package io.github.gort.internal.metrics;

import io.github.gort.management.HistogramSummary;
import io.github.gort.management.MetricsMXBean;
import io.github.gort.metrics.Float64Histogram;
import io.github.gort.metrics.Metrics;
import io.github.gort.runtime.GoRuntime;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The {@link MetricsMXBean} of one runtime and its registration as {@code io.github.gort:type=Metrics,name=<id>}
 * in the platform MBean server: GoRuntime.run calls {@link #register} as the runtime starts and {@link #close}
 * once it has stopped, so the runtimes a JVM runs one after another do not pile up in the server.
 *
 * <h2>Registered in the background</h2>
 * The JVM's first {@code getPlatformMBeanServer} and the MXBean's introspection take about 0.4 s (measured on the
 * 2-core CI machine: an empty GoRuntime.run went from 0.05 s to 0.45 s). That is not a cost every program should
 * pay before main runs, so the registration runs on one shared daemon thread ({@code MetricsMXBean registrar}),
 * {@link #DELAY_MILLIS} after the start (run at once in the background, it still cost {@code gort run hello}
 * about 0.2 s of its 0.7 s on two cores), and a runtime that ends first is never registered.
 *
 * <pre>
 * field       writer                          readers                        mode
 * registered  the registrar; close            the registrar; close           under this object's monitor
 * closed      close                           the registrar                  under this object's monitor
 * runtime, id, name: final. NEXT_ID only grows (the JVM's one registry of ids, as the server is of names).
 * </pre>
 * Invariant: {@code registered} implies {@code !closed}; the server holds {@code name} while {@code registered},
 * and otherwise only between the registrar's {@code registerMBean} and its locked look at {@code closed} (which
 * unregisters it if close came first): once close has returned and the registrar has run, the name is gone.
 * The reads every JMX thread may make go to {@link Metrics#read(GoRuntime)}: racy snapshots, no lock.
 */
public final class MetricsBean implements MetricsMXBean, AutoCloseable {
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    /** How long after its start a runtime is registered: one that ends sooner costs nothing (hello, tests). */
    private static final long DELAY_MILLIS = 250;
    private static final ScheduledExecutorService REGISTRAR = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "MetricsMXBean registrar");
        t.setDaemon(true);
        return t;
    });

    private final GoRuntime runtime;
    private final String id;
    private final ObjectName name;
    private boolean registered;
    private boolean closed;

    private MetricsBean(GoRuntime runtime, String id) {
        this.runtime = runtime;
        this.id = id;
        this.name = objectName(id);
    }

    /** The MBean name of the runtime with this id: {@code io.github.gort:type=Metrics,name=<id>}. */
    public static ObjectName objectName(String id) {
        try {
            return new ObjectName("io.github.gort:type=Metrics,name=" + id);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("MetricsBean: runtime id " + id + " is not a valid MBean name"
                    + " value; use letters, digits and dashes", e);
        }
    }

    /**
     * rt's metrics under a new id, to be registered in the platform MBean server by the registrar thread;
     * {@link #close} unregisters it (or cancels the registration). A JMX failure is reported on stderr and does
     * not stop the runtime. Caller: GoRuntime.run.
     */
    public static MetricsBean register(GoRuntime rt) {
        MetricsBean m = new MetricsBean(Objects.requireNonNull(rt, "MetricsBean.register: runtime is null"),
                Long.toString(NEXT_ID.getAndIncrement()));
        REGISTRAR.schedule(m::registerNow, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return m;
    }

    /**
     * Waits until the registrar has handled every registration submitted so far (it runs them in order), so that
     * a runtime started before is registered if it still runs, and gone if it has ended. For tests.
     */
    public static void awaitRegistrar() throws InterruptedException, ExecutionException {
        REGISTRAR.schedule(() -> { }, DELAY_MILLIS, TimeUnit.MILLISECONDS).get();   // runs after the earlier ones
    }

    private void registerNow() {
        synchronized (this) {
            if (closed) {
                return;                                  // the runtime ended first: skip the server's start-up
            }
        }
        try {
            // Slow the first time (the server's start, the MXBean's introspection): not under the lock, which
            // close, at the runtime's end, would wait for.
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
        } catch (JMException e) {
            System.err.println("gort: could not register " + name + " in the platform MBean server: " + e);
            return;
        }
        synchronized (this) {
            if (closed) {
                unregister();                            // the runtime ended while we registered
            } else {
                registered = true;
            }
        }
    }

    /** Unregisters the MBean, or keeps it from being registered; a second call does nothing. Caller: GoRuntime. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!registered) {
            return;
        }
        registered = false;
        unregister();
    }

    private void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone unregistered it through the server: nothing left to do
        } catch (JMException e) {
            System.err.println("gort: could not unregister " + name + ": " + e);
        }
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
