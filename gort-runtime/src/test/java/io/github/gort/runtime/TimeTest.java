package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Time (sleep, after, Timer, Ticker, afterFunc) and Futures.await: parking without holding an M. */
class TimeTest {
    @Test
    void sleepParksWithoutAPSoOthersRunAndNoDeadlockIsDeclared() {
        AtomicLong spins = new AtomicLong();
        TestRuntimes.run(1, () -> {
            AtomicInteger stop = new AtomicInteger();
            Go.go(() -> {
                while (stop.get() == 0) {
                    spins.incrementAndGet();
                    Go.gosched();
                }
            });
            long t0 = System.nanoTime();
            Time.sleep(Duration.ofMillis(30));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            stop.set(1);
            assertThat(ms).isGreaterThanOrEqualTo(30);
        });
        assertThat(spins.get()).as("the other goroutine ran on the only P while main slept").isPositive();
        // Only main, sleeping: the pending timer keeps checkdead quiet.
        TestRuntimes.run(1, () -> Time.sleep(Duration.ofMillis(20)));
    }

    @Test
    void thousandsOfSleepersWakeOnce() {
        TestRuntimes.run(2, () -> {
            WaitGroup wg = new WaitGroup();
            AtomicInteger woke = new AtomicInteger();
            for (int i = 0; i < 5_000; i++) {
                int ms = i % 20;
                wg.go(() -> {
                    Time.sleep(Duration.ofMillis(ms));
                    woke.incrementAndGet();
                });
            }
            wg.await();
            assertThat(woke.get()).isEqualTo(5_000);
        });
    }

    @Test
    void timerStopAndReset() {
        TestRuntimes.run(1, () -> {
            Timer t = Time.newTimer(Duration.ofMillis(10));
            assertThat(t.stop()).as("stopped before firing").isTrue();
            assertThat(t.stop()).isFalse();
            Time.sleep(Duration.ofMillis(20));
            assertThat(t.c().tryRecv()).as("a stopped timer sends nothing").isNull();
            assertThat(t.reset(Duration.ofMillis(5))).isFalse();
            Instant fired = t.c().recv();
            assertThat(fired).isNotNull();
            assertThat(t.stop()).as("already fired").isFalse();

            AtomicInteger ran = new AtomicInteger();
            Chan<Integer> done = Chan.make();
            Time.afterFunc(Duration.ofMillis(5), () -> {
                ran.incrementAndGet();
                done.send(1);
            });
            done.recv();
            Timer cancelled = Time.afterFunc(Duration.ofMillis(5), ran::incrementAndGet);
            assertThat(cancelled.stop()).isTrue();
            Time.sleep(Duration.ofMillis(15));
            assertThat(ran.get()).isEqualTo(1);
        });
    }

    @Test
    void tickerTicksUntilStopped() {
        TestRuntimes.run(2, () -> {
            Ticker tk = Time.newTicker(Duration.ofMillis(2));
            for (int i = 0; i < 5; i++) {
                assertThat(tk.c().recv()).isNotNull();
            }
            tk.stop();
            Time.sleep(Duration.ofMillis(10));
            tk.c().tryRecv();                                   // at most one tick left from before stop
            Time.sleep(Duration.ofMillis(10));
            assertThat(tk.c().tryRecv()).as("no tick after stop").isNull();
            assertThatThrownBy(() -> Time.newTicker(Duration.ZERO)).hasMessageContaining("non-positive interval");
        });
    }

    @Test
    void awaitParksOnAFutureWithoutHoldingTheM() {
        AtomicLong progress = new AtomicLong();
        TestRuntimes.run(1, () -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread completer = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                f.complete("done");
            });
            AtomicInteger stop = new AtomicInteger();
            Go.go(() -> {
                while (stop.get() == 0) {
                    progress.incrementAndGet();
                    Go.gosched();
                }
            });
            completer.start();
            assertThat(Futures.await(f)).isEqualTo("done");
            stop.set(1);
            assertThat(Futures.await(CompletableFuture.completedFuture(7))).isEqualTo(7);
            CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalArgumentException("bad"));
            assertThatThrownBy(() -> Futures.await(failed)).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        });
        assertThat(progress.get()).as("another goroutine ran on the single P while main awaited").isPositive();
    }
}
