package io.github.gort.agenttest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A goroutine in a loop without calls yields to a sleeper, because the agent put a poll on the loop's back-edge. */
class SleeperWakesTest {
    private static volatile boolean stop;
    private static volatile long sink;

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aSleeperWakesWhileGoroutinesSpinInCallFreeLoops(int procs) {
        long[] worst = new long[1];
        TestRuntimes.run(procs, () -> {
            stop = false;
            for (int i = 0; i < procs; i++) {
                Go.go(() -> {
                    long x = 1;
                    while (!stop) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    sink = x;
                });
            }
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                Time.sleep(Duration.ofMillis(1));
                worst[0] = Math.max(worst[0], System.nanoTime() - t);
            }
            stop = true;
        });
        assertThat(worst[0]).isLessThan(Duration.ofMillis(500).toNanos());
    }
}
