package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.heap.Heap;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Ticker;
import io.github.gort.runtime.Time;
import io.github.gort.runtime.Timer;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/time/sleep_test.go} in its Go 1.19 form (before Go 1.23's timer rework: NewTimer only, no
 * newTimerFunc variants; a value sent before Stop/Reset stays in the channel, which is also gort's semantics) on
 * gort's {@link Time}, {@link Timer} and {@link Ticker}. {@code runtime.GC()} is {@link Heap#collect}.
 *
 * <p>Not ported: {@code TestOverflowRuntimeTimer} (it drives the runtime's timer heap through the export_test hook
 * CheckRuntimeTimerOverflow, which gort does not expose), {@code TestZeroTimerResetPanics} and
 * {@code TestZeroTimerStopPanics} (Go's zero Timer value "called on uninitialized Timer": a gort Timer only exists
 * once started, so there is no uninitialized one), and the benchmarks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSleepTest {
    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /**
     * Go: src/time/sleep_test.go TestSleep. Go's helper goroutine calls Interrupt() (a signal to the process)
     * halfway through; signals have no gort counterpart, so the helper only sleeps.
     */
    @Test
    void testSleep() {
        GoRun.main(() -> {
            Duration delay = ms(100);
            Go.go(() -> Time.sleep(delay.dividedBy(2)));
            long start = System.nanoTime();
            Time.sleep(delay);
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            if (duration.compareTo(delay) < 0) {
                fail("Sleep(%s) slept for only %s", delay, duration);
            }
        });
    }

    /** Go: src/time/sleep_test.go TestAfterFunc: a chain of AfterFunc(0, f), 10 deep. */
    @Test
    void testAfterFunc() {
        GoRun.main(() -> {
            int[] i = {10};
            Chan<Boolean> c = Chan.make();
            Runnable[] f = new Runnable[1];
            f[0] = () -> {
                i[0]--;
                if (i[0] >= 0) {
                    Time.afterFunc(Duration.ZERO, f[0]);
                    Time.sleep(Duration.ofSeconds(1));
                } else {
                    c.send(true);
                }
            };
            Time.afterFunc(Duration.ZERO, f[0]);
            c.recv();
        });
    }

    /** Go: src/time/sleep_test.go TestAfterStress: 100 ticks of a 1 ns ticker while another goroutine GCs. */
    @Test
    void testAfterStress() {
        GoRun.main(() -> {
            AtomicBoolean stop = new AtomicBoolean();
            Go.go(() -> {
                while (!stop.get()) {
                    Heap.current().collect();
                    // Yield so that the timer thread can generate channel sends for the main goroutine.
                    Time.sleep(Duration.ofNanos(1));
                }
            });
            Ticker ticker = Time.newTicker(Duration.ofNanos(1));
            for (int i = 0; i < 100; i++) {
                ticker.c().recv();
            }
            ticker.stop();
            stop.set(true);
        });
    }

    /** Go: src/time/sleep_test.go TestAfter: After(100 ms) neither returns nor carries a time earlier. */
    @Test
    void testAfter() {
        GoRun.main(() -> {
            Duration delay = ms(100);
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            Instant end = Time.after(delay).recv();
            Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
            if (duration.compareTo(delay) < 0) {
                fail("After(%s) slept for only %s", delay, duration);
            }
            Instant min = start.plus(delay);
            if (end.isBefore(min)) {
                fail("After(%s) expect >= %s, got %s", delay, min, end);
            }
        });
    }

    /** Go: src/time/sleep_test.go TestAfterTick (Count = 10, Delta = 100 ms, the non-short values). */
    @Test
    void testAfterTick() {
        GoRun.main(() -> {
            int count = 10;
            Duration delta = ms(100);
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Time.after(delta).recv();
            }
            Duration d = Duration.ofNanos(System.nanoTime() - t0);
            Duration target = delta.multipliedBy(count);
            if (d.compareTo(target.multipliedBy(9).dividedBy(10)) < 0) {
                fail("%d ticks of %s too fast: took %s, expected %s", count, delta, d, target);
            }
            if (d.compareTo(target.multipliedBy(30).dividedBy(10)) > 0) {
                fail("%d ticks of %s too slow: took %s, expected %s", count, delta, d, target);
            }
        });
    }

    /**
     * Go: src/time/sleep_test.go TestAfterStop: stopped timers do not fire, even after a longer one has. Inherently
     * timing-based, so Go reports an error only if it fails five times in a row.
     */
    @Test
    void testAfterStop() {
        GoRun.main(() -> {
            List<String> errs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Time.afterFunc(ms(100), () -> { });
                Timer t0 = Time.newTimer(ms(50));
                Chan<Boolean> c1 = Chan.make(1);
                Timer t1 = Time.afterFunc(ms(150), () -> c1.send(true));
                Chan<Instant> c2 = Time.after(ms(200));
                if (!t0.stop()) {
                    errs.add("failed to stop event 0");
                    continue;
                }
                if (!t1.stop()) {
                    errs.add("failed to stop event 1");
                    continue;
                }
                c2.recv();
                String[] err = {null};
                Select.of()
                        .recv(t0.c(), v -> err[0] = "event 0 was not stopped")
                        .recv(c1, v -> err[0] = "event 1 was not stopped")
                        .onDefault(() -> { })
                        .run();
                if (err[0] != null) {
                    errs.add(err[0]);
                    continue;
                }
                if (t1.stop()) {
                    errs.add("Stop returned true twice");
                    continue;
                }
                // Test passed, so all done.
                if (!errs.isEmpty()) {
                    System.out.printf("TestAfterStop: saw %d errors, ignoring to avoid flakiness: %s%n",
                            errs.size(), errs);
                }
                return;
            }
            fail("saw %d errors: %s", errs.size(), errs);
        });
    }

    private static final int[] SLOTS = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};

    private record AfterResult(int slot, Instant t) { }

    /** Go: src/time/sleep_test.go testAfterQueuing1; returns an error text or null. */
    private static String testAfterQueuing1(Duration delta) {
        // make the result channel buffered because we don't want to depend on channel queuing semantics
        Chan<AfterResult> result = Chan.make(SLOTS.length);
        Instant t0 = Instant.now();
        for (int slot : SLOTS) {
            Chan<Instant> ac = Time.after(delta.multipliedBy(slot));
            Go.go(() -> result.send(new AfterResult(slot, ac.recv()))); // Go: await
        }
        List<Integer> order = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int ignored : SLOTS) {
            AfterResult r = result.recv();
            order.add(r.slot());
            times.add(r.t());
        }
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) < order.get(i - 1)) {
                return "After calls returned out of order: " + order;
            }
        }
        for (int i = 0; i < times.size(); i++) {
            Duration dt = Duration.between(t0, times.get(i));
            Duration target = delta.multipliedBy(order.get(i));
            Duration lo = target.minus(delta.dividedBy(2));
            Duration hi = target.plus(delta.multipliedBy(10));
            if (dt.compareTo(lo) < 0 || dt.compareTo(hi) > 0) {
                return "After(" + target + ") arrived at " + dt + ", expected [" + lo + "," + hi + "]";
            }
        }
        return null;
    }

    /** Go: src/time/sleep_test.go TestAfterQueuing: up to 5 attempts, delta = 20 + i*50 ms. */
    @Test
    void testAfterQueuing() {
        GoRun.main(() -> {
            String err = "!=nil";
            for (int i = 0; i < 5 && err != null; i++) {
                Duration delta = ms(20 + i * 50L);
                err = testAfterQueuing1(delta);
                if (err != null) {
                    System.out.printf("TestAfterQueuing: attempt %d failed: %s%n", i, err);
                }
            }
            if (err != null) {
                fail(err);
            }
        });
    }

    /**
     * Go: src/time/sleep_test.go TestTimerStopStress: 100 AfterFunc(2 s) timers stopped after 1 s must never run
     * (Go skips it in -short mode; it takes 3 s).
     */
    @Test
    void testTimerStopStress() {
        GoRun.main(() -> {
            for (int i = 0; i < 100; i++) {
                int k = i;
                Go.go(() -> {
                    Timer timer = Time.afterFunc(Duration.ofSeconds(2), () -> fail("timer %d was not stopped", k));
                    Time.sleep(Duration.ofSeconds(1));
                    timer.stop();
                });
            }
            Time.sleep(Duration.ofSeconds(3));
        });
    }

    /**
     * Go: src/time/sleep_test.go TestSleepZeroDeadlock (GOMAXPROCS 4): Sleep(0) must not leave the goroutine
     * waiting while another goroutine runs 100 GCs.
     */
    @Test
    void testSleepZeroDeadlock() {
        GoRun.withProcs(4, () -> {
            Chan<Boolean> c = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 100; i++) {
                    Heap.current().collect();
                }
                c.send(true);
            });
            for (int i = 0; i < 100; i++) {
                Time.sleep(Duration.ZERO);
                Chan<Boolean> tmp = Chan.make(1);
                tmp.send(true);
                tmp.recv();
            }
            c.recv();
        });
    }

    /** Go: src/time/sleep_test.go testReset; returns an error text or null. */
    private static String testReset(Duration d) {
        Timer t0 = Time.newTimer(d.multipliedBy(2));
        Time.sleep(d);
        if (!t0.reset(d.multipliedBy(3))) {
            return "resetting unfired timer returned false";
        }
        Time.sleep(d.multipliedBy(2));
        if (t0.c().tryRecv() != null) {
            return "timer fired early";
        }
        Time.sleep(d.multipliedBy(2));
        if (Select.of().recv(t0.c()).onDefault(() -> { }).run() != 0) {
            return "reset timer did not fire";
        }
        if (t0.reset(ms(50))) {
            return "resetting expired timer returned true";
        }
        return null;
    }

    /** Go: src/time/sleep_test.go TestReset: retries with doubling durations from 1 ms up to 10 s. */
    @Test
    void testReset() {
        GoRun.main(() -> {
            Duration d = ms(1);
            Duration maxDuration = Duration.ofSeconds(10);
            while (true) {
                String err = testReset(d);
                if (err == null) {
                    break;
                }
                d = d.multipliedBy(2);
                if (d.compareTo(maxDuration) > 0) {
                    fail(err);
                }
                System.out.printf("TestReset: %s; trying duration %s%n", err, d);
            }
        });
    }

    /**
     * Go: src/time/sleep_test.go TestOverflowSleep: a sleep so long it overflows must not become a short one, nor
     * stop other timers; a most negative one returns at once.
     */
    @Test
    void testOverflowSleep() {
        GoRun.main(() -> {
            Duration big = Duration.ofNanos(Long.MAX_VALUE);
            Go.go(() -> {
                Time.sleep(big);
                fail("big sleep returned");
            });
            Select.of()
                    .recv(Time.after(big), t -> fail("big timeout fired"))
                    .recv(Time.after(ms(25)))
                    .run();
            Duration neg = Duration.ofNanos(Long.MIN_VALUE);
            Time.sleep(neg); // Returns immediately.
            Select.of()
                    .recv(Time.after(neg))
                    .recv(Time.after(Duration.ofSeconds(1)), t -> fail("negative timeout didn't fire"))
                    .run();
        });
    }

    /**
     * Go: src/time/sleep_test.go TestIssue5745: a panic while stopping a (nil) timer must not leave the timers'
     * lock held, so a Ticker.Stop in a deferred call still returns. Go's nil *Timer is a null Timer here.
     */
    @Test
    void testIssue5745() {
        GoRun.main(() -> {
            Ticker ticker = Time.newTicker(Duration.ofHours(1));
            RuntimeException recovered = null;
            try {
                // cause a panic due to a segfault
                Timer timer = nullTimer();
                timer.stop();
                fail("Should be unreachable.");
            } catch (RuntimeException e) {
                recovered = e;
            } finally {
                // would deadlock here before the fix due to lock taken before the segfault.
                ticker.stop();
            }
            if (recovered == null) {
                fail("Expected panic, but none happened.");
            }
        });
    }

    private static Timer nullTimer() {
        return null;
    }

    /**
     * Go: src/time/sleep_test.go TestZeroTimer: zero-duration timers are not missed (issue 44868). Iterations
     * scaled from Go's 1,000,000 (skipped in -short mode) to 20,000: each round trip through gort's timer thread
     * costs tens of microseconds here, so a million would take most of a minute.
     */
    @Test
    void testZeroTimer() {
        GoRun.main(() -> {
            for (int i = 0; i < 20_000; i++) {
                long s = System.nanoTime();
                Timer ti = Time.newTimer(Duration.ZERO);
                ti.c().recv();
                Duration diff = Duration.ofNanos(System.nanoTime() - s);
                if (diff.compareTo(Duration.ofSeconds(2)) > 0) {
                    fail("Expected time to get value from Timer channel in less than 2 sec, took %s", diff);
                }
            }
        });
    }

    /** Go: src/time/sleep_test.go TestTimerModifiedEarlier (count = 1000): moving a timer earlier keeps it. */
    @Test
    void testTimerModifiedEarlier() {
        GoRun.main(() -> {
            Duration past = Duration.between(Instant.now(), Instant.EPOCH); // Go: Until(Unix(0, 0))
            int count = 1000;
            int fail = 0;
            List<Timer> deadlines = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    Timer timer = Time.newTimer(Duration.ofHours(1));
                    for (int j = 0; j < 10; j++) {
                        if (!timer.stop()) {
                            timer.c().recv();
                        }
                        timer.reset(past);
                    }
                    Timer deadline = Time.newTimer(Duration.ofSeconds(10));
                    deadlines.add(deadline); // Go: defer deadline.Stop()
                    long now = System.nanoTime();
                    int[] failed = {0};
                    Select.of()
                            .recv(timer.c(), t -> {
                                Duration since = Duration.ofNanos(System.nanoTime() - now);
                                if (since.compareTo(Duration.ofSeconds(8)) > 0) {
                                    System.out.printf("TestTimerModifiedEarlier: timer took too long (%s)%n", since);
                                    failed[0]++;
                                }
                            })
                            .recv(deadline.c(), t -> fail("deadline expired"))
                            .run();
                    fail += failed[0];
                }
            } finally {
                deadlines.forEach(Timer::stop);
            }
            if (fail > 0) {
                fail("%d failures", fail);
            }
        });
    }

    /**
     * Go: src/time/sleep_test.go TestAdjustTimers (issue 47762): rapidly moving 100 timers earlier and later, in
     * a random order, loses none of their sleeps.
     */
    @Test
    void testAdjustTimers() {
        GoRun.main(() -> {
            long seed = System.nanoTime();
            Random rnd = new Random(seed);
            Timer[] timers = new Timer[100];
            int[] states = new int[timers.length];
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < timers.length; i++) {
                indices.add(i);
            }
            java.util.Collections.shuffle(indices, rnd);
            while (!indices.isEmpty()) {
                int ii = rnd.nextInt(indices.size());
                int i = indices.get(ii);
                Timer timer = timers[i];
                int state = states[i];
                states[i]++;
                switch (state) {
                    case 0 -> timers[i] = Time.newTimer(Duration.ZERO);
                    case 1 -> timer.c().recv(); // Timer is now idle.
                    // Reset to various long durations, which we'll cancel.
                    case 2 -> {
                        if (timer.reset(Duration.ofMinutes(1))) {
                            fail("shouldn't be active (1)");
                        }
                    }
                    case 4 -> {
                        if (timer.reset(Duration.ofMinutes(3))) {
                            fail("shouldn't be active (3)");
                        }
                    }
                    case 6 -> {
                        if (timer.reset(Duration.ofMinutes(2))) {
                            fail("shouldn't be active (2)");
                        }
                    }
                    // Stop and drain a long-duration timer.
                    case 3, 5, 7 -> {
                        if (!timer.stop()) {
                            System.out.printf("TestAdjustTimers: timer %d state %d Stop returned false%n", i, state);
                            timer.c().recv();
                        }
                    }
                    // Start a short-duration timer we expect to select without blocking.
                    case 8 -> {
                        if (timer.reset(Duration.ZERO)) {
                            fail("timer.Reset returned true");
                        }
                    }
                    case 9 -> {
                        long now = System.nanoTime();
                        timer.c().recv();
                        Duration dur = Duration.ofNanos(System.nanoTime() - now);
                        if (dur.compareTo(ms(750)) > 0) {
                            fail("timer %d took %s to complete (seed %d)", i, dur, seed);
                        }
                    }
                    // Timer is done. Swap with tail and remove.
                    case 10 -> {
                        indices.set(ii, indices.get(indices.size() - 1));
                        indices.remove(indices.size() - 1);
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }
            assertThat(states).containsOnly(11);
        });
    }

    /**
     * Go: src/time/sleep_test.go TestAfterFuncStarvation (added in Go 1.23 for issue 65178; the behaviour holds
     * for Go 1.19 as well). With GOMAXPROCS 1 and two goroutines that keep each other runnable through a channel,
     * the AfterFunc goroutine must still get to run.
     */
    @Test
    void testAfterFuncStarvation() {
        GoRun.withProcs(1, () -> {
            WaitGroup wg = new WaitGroup();
            AtomicBoolean stop = new AtomicBoolean();
            Chan<Boolean> c = Chan.make(1);
            wg.add(2);
            Go.go(() -> {
                while (!stop.get()) {
                    c.send(true);
                }
                c.close();
                wg.done();
            });
            Go.go(() -> {
                for (Boolean ignored : c) {
                    // drain
                }
                wg.done();
            });
            Time.afterFunc(Duration.ofNanos(1_000), () -> stop.set(true));
            wg.await();
        });
    }
}
