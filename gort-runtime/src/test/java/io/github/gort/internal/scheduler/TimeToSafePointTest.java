package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Time to safe point (TimeToSafePoint): a stop-the-world and a forEachP round with a goroutine that holds out
 * record the round, its time and the holdout's goid, and its stack when it held out past the threshold; a round
 * that waits for no P records no holdout; schedtrace prints the figures. Runs in the default goroutine mode and,
 * by {@code -Dgort.test.goroutines=continuation}, in the continuation mode (stacks are taken differently there).
 *
 * <p>The holdout is a goroutine on the second P that spins without any runtime call (no gort-agent here, so no
 * loop poll) from the moment it sees the round's request until {@link #HOLD_NANOS} later, then calls
 * {@code Go.checkPreempt()}, which yields to the pending request. Its hold is measured from its own sight of the
 * request, which comes after the round's begin: so the round's time is at least HOLD_NANOS however loaded the
 * machine is, and the stopper, which looks every 100 µs once 10 ms have passed, samples it while it spins.
 */
class TimeToSafePointTest {
    /** Five times the stack threshold: the stopper's first look after 10 ms finds the holdout still spinning. */
    private static final long HOLD_NANOS = 5 * TimeToSafePoint.HOLDOUT_STACK_NANOS;
    /** How long a test waits for its goroutine to start on the other P before it gives up. */
    private static final long START_TIMEOUT_NANOS = 30_000_000_000L;

    @Test
    void aStopTheWorldRecordsItsHoldoutWithItsStackAndSchedtracePrintsIt() {
        AtomicReference<String> trace = new AtomicReference<>();
        AtomicReference<String> detail = new AtomicReference<>();
        Round round = holdOutOneRound(sched -> () -> sched.gcwaiting, sched -> {
            M mp = sched.world.stopTheWorld(M.current(), "TimeToSafePointTest");
            sched.world.startTheWorld(mp);
            trace.set(SchedTrace.format(sched, 7, false));
            detail.set(SchedTrace.format(sched, 7, true));
        }, rt -> rt.stats().stopTheWorldTtsp());

        assertHeldOut(round);
        assertThat(trace.get()).as("schedtrace's header").containsPattern(
                "^SCHED 7ms: gomaxprocs=2 .* runqueue=\\d+ \\[\\d+ \\d+\\] stwttsp=\\d+/\\d+us"
                        + " foreachpttsp=\\d+/\\d+us\n$");
        long maxMicros = round.after.maxNanos() / 1000;
        assertThat(trace.get()).contains(" stwttsp=" + maxMicros + "/" + maxMicros + "us ");
        assertThat(detail.get()).as("scheddetail")
                .containsPattern(" sysmonwait=\\d stwttsp=\\d+/\\d+us foreachpttsp=\\d+/\\d+us\n")
                .contains("\n  stwttsp: rounds=" + round.after.rounds() + " last=" + maxMicros + "us max="
                        + maxMicros + "us longest=G" + round.goid + " held=" + maxMicros + "us\n    at ")
                .containsPattern("\n    at .*TimeToSafePointTest\\.holdOut\\(")
                .contains("\n  foreachpttsp: rounds=");
    }

    @Test
    void aForEachPRecordsItsHoldoutWithItsStack() {
        Round round = holdOutOneRound(sched -> () -> M.current().p.runSafePointFnVolatile() == 1, sched -> {
            sched.safePoint.forEachP(M.current(), pp -> { });
        }, rt -> rt.stats().forEachPTtsp());
        assertHeldOut(round);
    }

    /**
     * A round with nothing to wait for: the other P is idle, so the stopper takes it in its own pass. It is
     * counted, and it has no holdout.
     */
    @Test
    void aRoundThatWaitsForNoPRecordsNoHoldout() {
        AtomicReference<RuntimeStats.TimeToSafePoint> stw = new AtomicReference<>();
        AtomicReference<RuntimeStats.TimeToSafePoint> forEachP = new AtomicReference<>();
        GoRuntime rt = TestRuntimes.withRuntime(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), r -> {
            Sched sched = M.current().sched;
            awaitIdle(sched);
            M mp = sched.world.stopTheWorld(M.current(), "TimeToSafePointTest");
            sched.world.startTheWorld(mp);
            stw.set(sched.world.timeToSafePoint());
            awaitIdle(sched);
            sched.safePoint.forEachP(M.current(), pp -> { });
            forEachP.set(sched.safePoint.timeToSafePoint());
        });
        for (RuntimeStats.TimeToSafePoint t : new RuntimeStats.TimeToSafePoint[] {stw.get(), forEachP.get()}) {
            assertThat(t.rounds()).isEqualTo(1);
            assertThat(t.last()).as("no P was waited for").isNull();
            assertThat(t.longest()).isNull();
            assertThat(t.lastNanos()).isLessThanOrEqualTo(t.maxNanos());
        }
        assertThat(rt.stats().stopTheWorldTtsp().rounds()).isEqualTo(1);
        assertThat(rt.stats().forEachPTtsp().rounds()).isEqualTo(1);
    }

    /**
     * A holdout that yields at its first chance (it calls checkPreempt in a loop): it is named, and it has no
     * stack unless the round reached the threshold (a descheduled M thread on a loaded machine can make it).
     */
    @Test
    void aQuickHoldoutIsNamedWithoutAStack() {
        AtomicLong goid = new AtomicLong();
        AtomicReference<RuntimeStats.TimeToSafePoint> seen = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), () -> {
            Sched sched = M.current().sched;
            Flags flags = new Flags();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                goid.set(G.current().goid);
                flags.started = true;
                while (!flags.quit) {
                    Go.checkPreempt();
                }
                wg.done();
            });
            awaitStarted(flags);
            M mp = sched.world.stopTheWorld(M.current(), "TimeToSafePointTest");
            sched.world.startTheWorld(mp);
            seen.set(sched.world.timeToSafePoint());
            flags.quit = true;
            wg.await();
        });
        RuntimeStats.Holdout h = seen.get().last();
        assertThat(h).as("the goroutine on the other P held the round up").isNotNull();
        assertThat(h.goid()).isEqualTo(goid.get());
        assertThat(h.nanos()).isEqualTo(seen.get().lastNanos());
        if (h.nanos() < TimeToSafePoint.HOLDOUT_STACK_NANOS) {
            assertThat(h.stack()).as("a holdout under the threshold (" + h.nanos() + " ns)").isNull();
        }
    }

    /**
     * The stack of a goroutine that is parked (not on any M) is unavailable, and asking for it is harmless: in the
     * virtual-thread mode Thread.getStackTrace would suspend its thread and could resubmit it to gort's scheduler.
     * The goroutine then runs to its end as usual.
     */
    @Test
    void theStackOfAParkedGoroutineIsUnavailableAndTakingItIsHarmless() {
        AtomicReference<String> stack = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), () -> {
            AtomicReference<G> parked = new AtomicReference<>();
            WaitGroup release = new WaitGroup();
            release.add(1);
            WaitGroup done = new WaitGroup();
            done.add(1);
            Go.go(() -> {
                parked.set(G.current());
                release.await();
                done.done();
            });
            long giveUp = System.nanoTime() + START_TIMEOUT_NANOS;
            while (parked.get() == null || parked.get().statusVolatile() != GStatus.WAITING) {
                assertThat(System.nanoTime() - giveUp).as("the goroutine parked").isNegative();
                Go.gosched();
            }
            G gp = parked.get();
            stack.set(GStack.capture(gp, gp.m));
            release.done();
            done.await();
        });
        assertThat(stack.get()).startsWith("stack unavailable: ");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The figures of one round held up by one goroutine. */
    private record Round(long goid, RuntimeStats.TimeToSafePoint during, RuntimeStats.TimeToSafePoint after) {}

    /** Written by the test's goroutines, read by its main goroutine while it spins. */
    private static final class Flags {
        volatile boolean started;
        volatile boolean quit;
    }

    /**
     * Runs one round (the round function, on main) while a goroutine on the other P holds out HOLD_NANOS from
     * the moment requested says the round has begun. Returns the holdout's goid and the figures as main saw them
     * right after the round, and as the runtime's stats give them after it ended.
     */
    private static Round holdOutOneRound(Function<Sched, BooleanSupplier> requested, Consumer<Sched> round,
                                         Function<GoRuntime, RuntimeStats.TimeToSafePoint> figures) {
        AtomicLong goid = new AtomicLong();
        AtomicReference<RuntimeStats.TimeToSafePoint> during = new AtomicReference<>();
        GoRuntime rt = TestRuntimes.withRuntime(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), r -> {
            Sched sched = M.current().sched;
            Flags flags = new Flags();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            BooleanSupplier seen = requested.apply(sched);
            Go.go(() -> {
                goid.set(G.current().goid);
                flags.started = true;
                holdOut(seen);
                wg.done();
            });
            awaitStarted(flags);
            round.accept(sched);
            during.set(figures.apply(r));
            wg.await();
        });
        return new Round(goid.get(), during.get(), figures.apply(rt));
    }

    /** Spins, without a runtime call, until the round is requested and then HOLD_NANOS more; then yields to it. */
    private static void holdOut(BooleanSupplier requested) {
        while (!requested.getAsBoolean()) {
            Thread.onSpinWait();
        }
        long from = System.nanoTime();
        while (System.nanoTime() - from < HOLD_NANOS) {
            Thread.onSpinWait();
        }
        Go.checkPreempt();                                // the round's request is pending: yield to it
    }

    private static void assertHeldOut(Round round) {
        RuntimeStats.TimeToSafePoint t = round.during;
        assertThat(t.rounds()).as("rounds").isEqualTo(1);
        assertThat(t.lastNanos()).as("the round waited for the holdout").isGreaterThanOrEqualTo(HOLD_NANOS);
        assertThat(t.lastNanos()).isLessThanOrEqualTo(t.maxNanos());
        RuntimeStats.Holdout h = t.last();
        assertThat(h).as("the last round's holdout").isNotNull();
        assertThat(h.goid()).as("the holdout's goid").isEqualTo(round.goid);
        assertThat(h.nanos()).isEqualTo(t.lastNanos());
        assertThat(h.stack()).as("the holdout's stack").contains("TimeToSafePointTest.holdOut(");
        assertThat(t.longest()).as("the only round is the longest").isEqualTo(h);
        assertThat(round.after).as("the runtime's stats after it ended").isEqualTo(t);
    }

    /** Spins (no runtime call: main keeps its P) until the goroutine runs on the other P. */
    private static void awaitStarted(Flags flags) {
        long giveUp = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!flags.started) {
            assertThat(System.nanoTime() - giveUp).as("the goroutine started on the other P").isNegative();
            Thread.onSpinWait();
        }
    }

    /** Waits until every P but main's is on the idle list (the runtime's start may still be waking an M). */
    private static void awaitIdle(Sched sched) {
        long giveUp = System.nanoTime() + START_TIMEOUT_NANOS;
        while (sched.npidle.get() != sched.gomaxprocs - 1) {
            assertThat(System.nanoTime() - giveUp).as("the other P went idle").isNegative();
            Thread.onSpinWait();
        }
    }
}
