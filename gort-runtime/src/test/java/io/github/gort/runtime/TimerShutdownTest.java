package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The timer thread ends with its runtime: Timers.stop() cannot be lost between timerproc's check of
 * {@code stopped} and its next sleep (no thread of a runtime outlives {@link GoRuntime#run}).
 */
class TimerShutdownTest {
    private static final int RUNTIMES = 200;

    @Test
    void theTimerThreadEndsWithEveryRuntime() {
        for (int i = 0; i < RUNTIMES * TestRuntimes.stress(); i++) {
            GoRuntime rt = TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
                Ticker t = Time.newTicker(Duration.ofMillis(1));
                t.stop();
            });
            Thread timers = rt.sched().timers.thread();
            assertThat(timers).as("runtime %d started its timer thread", i).isNotNull();
            assertThat(rt.leftoverThreads()).as("runtime %d: threads alive after run returned", i).isEmpty();
            assertThat(timers.isAlive()).as("runtime %d: gort-timers alive after run returned", i).isFalse();
        }
    }
}
