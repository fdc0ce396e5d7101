package io.github.gort.metrics;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapStats;
import io.github.gort.internal.metrics.TimeHistogram;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.GoRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Go's {@code runtime/metrics} for a gort runtime: {@link #all} lists the supported metrics, {@link #read}
 * samples them. Reads are racy snapshots of counters the runtime keeps anyway (nothing is stopped or locked);
 * once the runtime has ended they are exact. The names are stable (see the package documentation).
 *
 * <p>Thread safety: stateless; call from any thread ({@link #read(GoRuntime)}) or from a goroutine
 * ({@link #read()}).
 */
public final class Metrics {
    private Metrics() {}

    /** How a metric's value behaves over time. */
    public enum Kind {
        /** Only grows over the runtime's life (Go: Cumulative). */
        COUNTER,
        /** A current level that may go up and down. */
        GAUGE,
        /**
         * A distribution that only grows: {@link Sample#histogram()} holds the counts per bucket since the runtime
         * started (Go: KindFloat64Histogram, cumulative).
         */
        FLOAT64_HISTOGRAM
    }

    /**
     * One supported metric.
     *
     * @param name        {@code /path:unit}, as in Go's runtime/metrics
     * @param kind        counter, gauge or histogram
     * @param unit        the part of the name after the colon
     * @param description what it measures
     */
    public record Description(String name, Kind kind, String unit, String description) {}

    /**
     * One metric's value at the time of the read.
     *
     * @param name      the metric's name
     * @param value     its value in the metric's unit (counts are whole numbers; seconds are fractional); for a
     *                  {@link Kind#FLOAT64_HISTOGRAM}, the number of values recorded
     * @param histogram the distribution for a {@link Kind#FLOAT64_HISTOGRAM}; null for counters and gauges
     */
    public record Sample(String name, double value, Float64Histogram histogram) {
        /** A counter's or gauge's value. */
        public Sample(String name, double value) {
            this(name, value, null);
        }
    }

    /** A metric: exactly one of scalar and histogram is non-null. */
    private record Metric(Description description, ToDoubleFunction<Sched> scalar,
                          Function<Sched, TimeHistogram> histogram) {
        Sample read(Sched s) {
            if (scalar != null) {
                return new Sample(description.name(), scalar.applyAsDouble(s));
            }
            Float64Histogram h = new Float64Histogram(histogram.apply(s).counts(), TimeHistogram.boundariesSeconds());
            return new Sample(description.name(), h.total(), h);
        }
    }

    private static final List<Metric> METRICS = List.of(
            gauge("/sched/goroutines:goroutines", "Count of live goroutines.",
                    s -> s.goroutineCount()),
            histogram("/sched/latencies:seconds", "Distribution of the time goroutines have spent runnable before"
                    + " an M started running them (sampled: one transition out of running in 8, as Go).",
                    s -> s.stats.timeToRun),
            gauge("/sched/gomaxprocs:threads", "The current runtime.GOMAXPROCS setting: the number of Ps.",
                    s -> s.gomaxprocs),
            counter("/gc/cycles/total:gc-cycles", "Count of completed GC cycles on gort's managed heap.",
                    s -> heap(s) == null ? 0 : heap(s).gcCycles()),
            counter("/gc/heap/allocs:objects", "Objects allocated on gort's managed heap (counted as spans"
                    + " leave an allocation cache).", s -> heap(s) == null ? 0 : heap(s).allocatedObjects()),
            counter("/gc/heap/allocs:bytes", "Bytes of the objects counted by /gc/heap/allocs:objects.",
                    s -> heap(s) == null ? 0 : heap(s).allocatedBytes()),
            counter("/gc/heap/frees:objects", "Objects freed by sweeping gort's managed heap.",
                    s -> heap(s) == null ? 0 : heap(s).freedObjects()),
            gauge("/gc/heap/goal:bytes", "Heap size target for the end of the GC cycle (GOGC).",
                    s -> heap(s) == null ? 0 : heap(s).heapGoalBytes()),
            gauge("/gc/heap/live:bytes", "Heap memory marked live by the previous GC cycle.",
                    s -> heap(s) == null ? 0 : heap(s).heapMarkedBytes()),
            histogram("/gc/pauses:seconds", "Distribution of individual GC stop-the-world pauses, from the stop"
                    + " request until the world restarted.", s -> s.stats.gcPauses),
            counter("/sync/mutex/wait/total:seconds", "Time goroutines have spent parked waiting for a"
                    + " sync.Mutex or sync.RWMutex.", s -> s.stats.mutexWaitNanos.sum() / 1e9),
            counter("/gort/gc/pauses/total:seconds", "Total time the world was stopped for GC.",
                    s -> heap(s) == null ? 0 : heap(s).totalPauseNanos() / 1e9),
            counter("/gort/sched/goroutines/created:goroutines", "Goroutines started, the main one included.",
                    s -> s.goroutinesCreated()),
            counter("/gort/sched/steals:events", "Successful work steals from another P's run queue.",
                    s -> s.stats.steals.sum()),
            counter("/gort/sched/preemptions:events", "Goroutines that yielded because the runtime asked them to.",
                    s -> s.stats.preempts.sum()),
            counter("/gort/sched/handoffs:events", "P handoffs (handoffp calls).", s -> s.stats.handoffs.sum()),
            gauge("/gort/sched/threads:threads", "Ms (platform threads) created.", s -> s.mcount()),
            counter("/gort/syscall/calls:events", "System calls entered (Go.syscall, Go.blockingSyscall).",
                    s -> s.stats.syscalls.sum()),
            counter("/gort/syscall/retakes:events", "Ps sysmon took back from goroutines in system calls.",
                    s -> s.stats.retakes.sum()),
            counter("/gort/sched/stw/total:events", "Completed stop-the-world rounds.",
                    s -> s.stats.stwRounds.sum()),
            counter("/gort/sched/foreachp/total:events", "Completed forEachP rounds.",
                    s -> s.stats.forEachPRounds.sum()));

    private static Metric gauge(String name, String text, ToDoubleFunction<Sched> read) {
        return new Metric(new Description(name, Kind.GAUGE, unit(name), text), read, null);
    }

    private static Metric counter(String name, String text, ToDoubleFunction<Sched> read) {
        return new Metric(new Description(name, Kind.COUNTER, unit(name), text), read, null);
    }

    private static Metric histogram(String name, String text, Function<Sched, TimeHistogram> read) {
        return new Metric(new Description(name, Kind.FLOAT64_HISTOGRAM, unit(name), text), null, read);
    }

    private static String unit(String name) {
        return name.substring(name.indexOf(':') + 1);
    }

    private static HeapStats heap(Sched s) {
        Heap h = s.heap;
        return h == null ? null : h.stats();
    }

    /** The supported metrics, in a fixed order (Go: metrics.All). */
    public static List<Description> all() {
        return METRICS.stream().map(Metric::description).toList();
    }

    /** Every supported metric of rt, in {@link #all()}'s order. Any thread; rt may be running or ended. */
    public static List<Sample> read(GoRuntime rt) {
        return read(RuntimeAccess.sched(Objects.requireNonNull(rt, "Metrics.read: runtime is null")));
    }

    /**
     * Every supported metric of the runtime running the calling goroutine.
     *
     * @throws IllegalStateException if the caller is not a gort goroutine (use {@link #read(GoRuntime)})
     */
    public static List<Sample> read() {
        return read(Goroutines.goroutineM("Metrics.read").sched);
    }

    /** The named metrics of rt, in the order given (Go: metrics.Read). */
    public static List<Sample> read(GoRuntime rt, List<String> names) {
        Sched s = RuntimeAccess.sched(Objects.requireNonNull(rt, "Metrics.read: runtime is null"));
        List<Sample> out = new ArrayList<>(names.size());
        for (String name : names) {
            Metric m = METRICS.stream().filter(x -> x.description().name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Metrics.read: no metric named " + name
                            + "; Metrics.all() lists the supported names"));
            out.add(m.read(s));
        }
        return out;
    }

    private static List<Sample> read(Sched s) {
        List<Sample> out = new ArrayList<>(METRICS.size());
        for (Metric m : METRICS) {
            out.add(m.read(s));
        }
        return out;
    }
}
