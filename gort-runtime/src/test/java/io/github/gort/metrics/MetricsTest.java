package io.github.gort.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.Shape;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Time;
import io.github.gort.sync.Mutex;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void readsGomaxprocsAndGoroutinesUnderGoNames() {
        double[] inside = new double[2];
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(3).printPanics(false));
        rt.run(() -> {
            List<Metrics.Sample> s = Metrics.read();
            inside[0] = value(s, "/sched/gomaxprocs:threads");
            inside[1] = value(s, "/sched/goroutines:goroutines");
        });
        assertThat(inside[0]).isEqualTo(3);
        assertThat(inside[1]).isGreaterThanOrEqualTo(1);
        assertThat(Metrics.read(rt, List.of("/gort/sched/goroutines/created:goroutines")).get(0).value())
                .isGreaterThanOrEqualTo(1);
        assertThat(Metrics.all()).extracting(Metrics.Description::name).doesNotHaveDuplicates()
                .contains("/gc/cycles/total:gc-cycles", "/gc/heap/goal:bytes", "/sched/latencies:seconds",
                        "/gc/pauses:seconds", "/gc/heap/allocs:bytes", "/sync/mutex/wait/total:seconds");
    }

    /**
     * A ping-pong makes each of two goroutines leave running 1000 times; one time in 8 starts tracking, and each
     * tracked G is recorded when it next starts running (Go's sampling), so at least 2 * (1000 / 8 - 1) values.
     */
    @Test
    void schedLatenciesSampleOneTransitionInEight() {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(2).printPanics(false));
        rt.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    pong.send(ping.recv());
                }
            });
            for (int i = 0; i < 1000; i++) {
                ping.send(i);
                pong.recv();
            }
        });
        Metrics.Sample s = Metrics.read(rt, List.of("/sched/latencies:seconds")).get(0);
        Float64Histogram h = s.histogram();
        assertThat(h.total()).isGreaterThanOrEqualTo(2 * (1000 / 8 - 1)).isEqualTo((long) s.value());
        assertThat(h.buckets()).hasSize(h.counts().length + 1);
        assertThat(h.buckets()[h.buckets().length - 1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.quantile(0.5)).isPositive().isLessThan(10.0);
        assertThat(Metrics.all().stream().filter(d -> d.name().equals("/sched/latencies:seconds")).findFirst()
                .orElseThrow().kind()).isEqualTo(Metrics.Kind.FLOAT64_HISTOGRAM);
    }

    /** Every GC cycle stops the world twice (sweep termination, mark termination): two pauses per cycle. */
    @Test
    void gcPausesCountTwoPausesPerCycleAndAllocBytesMatchTheObjects() {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(2).printPanics(false));
        Heap heap = Heap.install(rt, HeapConfig.defaults().limitBytes(16L << 20));
        long[] bytesPerObject = new long[1];
        rt.run(() -> {
            Shape leaf = heap.shape(0, 2);
            bytesPerObject[0] = leaf.bytes();
            try (Mutator mu = heap.mutator()) {
                for (int i = 0; i < 1000; i++) {
                    mu.alloc(leaf);
                }
            }
            heap.collect();
            heap.collect();
        });
        List<Metrics.Sample> s = Metrics.read(rt, List.of("/gc/pauses:seconds", "/gc/cycles/total:gc-cycles",
                "/gc/heap/allocs:objects", "/gc/heap/allocs:bytes"));
        double cycles = s.get(1).value();
        assertThat(cycles).isGreaterThanOrEqualTo(2);
        assertThat(s.get(0).histogram().total()).isEqualTo((long) (2 * cycles));
        assertThat(s.get(2).value()).isGreaterThanOrEqualTo(1000);
        assertThat(s.get(3).value()).isEqualTo(s.get(2).value() * bytesPerObject[0]);
    }

    /** A goroutine parked on a held Mutex for the holder's 30 ms sleep: its wait is counted, and no more. */
    @Test
    void mutexWaitCountsTimeParkedOnALockedMutex() {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(2).printPanics(false));
        long[] elapsed = new long[1];
        rt.run(() -> {
            long t0 = System.nanoTime();
            Mutex mu = new Mutex();
            WaitGroup wg = new WaitGroup();
            mu.lock();
            wg.go(() -> {
                mu.lock();
                mu.unlock();
            });
            Time.sleep(Duration.ofMillis(30));
            mu.unlock();
            wg.await();
            elapsed[0] = System.nanoTime() - t0;
        });
        double wait = Metrics.read(rt, List.of("/sync/mutex/wait/total:seconds")).get(0).value();
        assertThat(wait).isPositive().isLessThanOrEqualTo(elapsed[0] / 1e9);
    }

    @Test
    void unknownNamesAreRejectedWithTheWayToTheList() {
        GoRuntime rt = new GoRuntime(Config.defaults().printPanics(false));
        rt.run(() -> { });
        assertThatThrownBy(() -> Metrics.read(rt, List.of("/sched/nope:seconds")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Metrics.all()");
    }

    private static double value(List<Metrics.Sample> samples, String name) {
        return samples.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }
}
