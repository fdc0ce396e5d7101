package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Ticker;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The timer thread ends with its runtime: Timers.stop() cannot be lost between timerproc's check of
 * {@code stopped} and its next sleep (no thread of a runtime outlives {@link GoRuntime#run}).
 */
@Tag("stress")
class TimerShutdownTest {
    private static final int RUNTIMES = 200;

    @Test
    void theTimerThreadEndsWithEveryRuntime() {
        for (int i = 0; i < RUNTIMES * TestRuntimes.stress(); i++) {
            GoRuntime rt = TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
                Ticker t = Time.newTicker(Duration.ofMillis(1));
                t.stop();
            });
            Thread timers = RuntimeAccess.sched(rt).timers.thread();
            assertThat(timers).as("runtime %d started its timer thread", i).isNotNull();
            assertThat(rt.leftoverThreads()).as("runtime %d: threads alive after run returned", i).isEmpty();
            assertThat(timers.isAlive()).as("runtime %d: gort-timers alive after run returned", i).isFalse();
        }
    }
}
