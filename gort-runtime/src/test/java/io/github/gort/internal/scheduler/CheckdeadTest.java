package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Futures;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * checkdead does not miss a deadlock that forms while something outside the scheduler (the timer thread, a Java
 * future's completion) is still counted as a possible waker: the count's last drop runs checkdead again.
 * Go: proc.go checkdead (the timers of the Ps are looked at with every M idle).
 */
@Tag("stress")
class CheckdeadTest {
    private static final int RUNS = 50;
    static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void aDeadlockAfterASleepIsReported() throws Exception {
        for (int i = 0; i < RUNS * TestRuntimes.stress(); i++) {
            int procs = 1 + i % 2;
            Throwable outcome = TestRuntimes.failureWithin(DEADLINE, Config.defaults().gomaxprocs(procs), () -> {
                Chan<Integer> c = Chan.make(0);
                Go.go(() -> c.send(1));                 // blocks for ever: nobody receives
                Time.sleep(Duration.ofMillis(50));
                Chan.<Integer>make(0).recv();           // and so does main
            });
            assertThat(outcome).as("run %d (GOMAXPROCS=%d)", i, procs).isInstanceOf(FatalError.class)
                    .hasMessage("all goroutines are asleep - deadlock!");
        }
    }

    @Test
    void aDeadlockAfterAFutureCompletedIsReported() throws Exception {
        for (int i = 0; i < RUNS * TestRuntimes.stress(); i++) {
            int procs = 1 + i % 2;
            Throwable outcome = TestRuntimes.failureWithin(DEADLINE, Config.defaults().gomaxprocs(procs), () -> {
                Chan<Integer> c = Chan.make(0);
                Go.go(() -> c.send(1));
                Futures.await(CompletableFuture.supplyAsync(() -> 1,
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
                Chan.<Integer>make(0).recv();
            });
            assertThat(outcome).as("run %d (GOMAXPROCS=%d)", i, procs).isInstanceOf(FatalError.class)
                    .hasMessage("all goroutines are asleep - deadlock!");
        }
    }
}
