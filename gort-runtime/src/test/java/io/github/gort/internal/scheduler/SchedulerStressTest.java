package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 1,000,000 goroutines (times -Dgort.stress) that each yield several times, on real threads with every debug
 * check on, at GOMAXPROCS 1, 2 and 8 on this 2-core machine (oversubscription is deliberate, as Go's -cpu=1,2,4
 * with GOMAXPROCS=2). Each goroutine must start once and finish once; afterwards the scheduler invariants hold and
 * no thread is left (checked by RuntimeInvariantsExtension).
 */
@Tag("stress")
class SchedulerStressTest {
    private static final int WAVES = 10;
    private static final int YIELDS = 5;

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 8})
    void millionGoroutinesYieldingRunExactlyOnce(int procs) {
        int n = 1_000_000 * TestRuntimes.stress();
        int perWave = n / WAVES;
        AtomicIntegerArray starts = new AtomicIntegerArray(n);
        AtomicIntegerArray finishes = new AtomicIntegerArray(n);
        long t0 = System.nanoTime();
        GoRuntime rt = TestRuntimes.run(Config.defaults().gomaxprocs(procs), () -> {
            for (int w = 0; w < WAVES; w++) {
                WaitGroup wg = new WaitGroup();
                wg.add(perWave);
                int base = w * perWave;
                for (int i = 0; i < perWave; i++) {
                    int id = base + i;
                    Go.go(() -> {
                        starts.incrementAndGet(id);
                        long me = Go.goid();
                        for (int y = 0; y < YIELDS; y++) {
                            Go.gosched();
                            if (Go.goid() != me) {
                                throw new IllegalStateException("goroutine " + me + " resumed as " + Go.goid());
                            }
                        }
                        finishes.incrementAndGet(id);
                        wg.done();
                    });
                }
                wg.await();
            }
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int badStart = -1;
        int badFinish = -1;
        for (int i = 0; i < n; i++) {
            if (starts.get(i) != 1 && badStart < 0) {
                badStart = i;
            }
            if (finishes.get(i) != 1 && badFinish < 0) {
                badFinish = i;
            }
        }
        RuntimeStats s = rt.stats();
        System.out.printf("stress GOMAXPROCS=%d: %,d goroutines x %d yields in %,d ms; steals=%,d preemptions=%,d threads=%d%n",
                procs, n, YIELDS, ms, s.steals(), s.preemptions(), s.threads());
        assertThat(badStart).as("first goroutine that did not start exactly once").isEqualTo(-1);
        assertThat(badFinish).as("first goroutine that did not finish exactly once").isEqualTo(-1);
        assertThat(s.goroutinesCreated()).isEqualTo(n + 1L);
        assertThat(s.goroutinesExited()).isEqualTo(n + 1L);
    }
}
