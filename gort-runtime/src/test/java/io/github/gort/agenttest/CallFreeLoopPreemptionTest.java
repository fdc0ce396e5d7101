package io.github.gort.agenttest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.agenttest.Spinners.Shape;
import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With every P held by a goroutine in a loop without runtime calls, the runtime's own requests still complete,
 * because gort-agent put a poll on the loops' back-edges: a GC cycle, a stop-the-world, a forEachP round, and the
 * wake-up of a goroutine sleeping 1 ms (Go: TestPreemptionGC and TestPreemption, whose spinners are
 * {@code for atomic.Load(&stop) == 0 {}}). At GOMAXPROCS=1 and 2, with as many spinners as Ps, for each
 * {@link Shape} of loop. A round of the GC, stop-the-world and forEachP tests first yields the caller's P to the
 * spinners ({@link #yieldThen}), so that at GOMAXPROCS=1 the requester must first get its P back from a spinner.
 *
 * <p>The bound, {@link #BOUND} per round (never a rate): a request raises the poll flag at once (a stop-the-world
 * and forEachP again every 100 µs while they wait; sysmon asks a goroutine that has run 10 ms, which is what wakes
 * the sleeper), and a spinner takes the poll within one pass of its loop. What remains is the OS: on a 2-core
 * machine shared with other JVMs an M may wait some scheduler ticks (a few ms each) for a core, a GC cycle passes
 * two stop-the-worlds and several forEachP rounds, and a restart wakes Ms (3-5 ms measured, World). Expected: a few
 * ms to some tens of ms per round; 2 s is room for a machine that stalls a thread for a second, and still far
 * below a hang (without the polls these rounds would wait for the spinners for ever). p50 and max are printed.
 */
class CallFreeLoopPreemptionTest {
    private static final int ROUNDS = 10;
    private static final Duration BOUND = Duration.ofSeconds(2);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int procs : new int[] {1, 2}) {
            for (Shape shape : Shape.values()) {
                out.add(Arguments.of(procs, shape));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "GOMAXPROCS={0} {1}")
    @MethodSource("cases")
    void aGcCycleCompletes(int procs, Shape shape) {
        long[] cycles = new long[1];
        whileSpinning(procs, shape, "yield, then a GC cycle", yieldThen(() -> {
            Heap heap = Heap.current();
            heap.collect();
            cycles[0] = heap.stats().gcCycles();
        }));
        assertThat(cycles[0]).as("GC cycles completed").isGreaterThanOrEqualTo(ROUNDS);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0} {1}")
    @MethodSource("cases")
    void aStopTheWorldCompletes(int procs, Shape shape) {
        Outcome o = whileSpinning(procs, shape, "yield, then stop and start the world", yieldThen(() -> {
            Diagnosis.stopTheWorld("CallFreeLoopPreemptionTest");
            Diagnosis.startTheWorld();
        }));
        assertThat(o.stats().stwRounds()).as("stop-the-world rounds the runtime counted").isEqualTo(ROUNDS);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0} {1}")
    @MethodSource("cases")
    void aForEachPRoundCompletesOnEveryP(int procs, Shape shape) {
        AtomicIntegerArray ran = new AtomicIntegerArray(procs);
        Outcome o = whileSpinning(procs, shape, "yield, then a forEachP round",
                yieldThen(() -> Diagnosis.forEachP(ran::incrementAndGet)));
        for (int p = 0; p < procs; p++) {
            assertThat(ran.get(p)).as("rounds that ran fn on P%d", p).isEqualTo(ROUNDS);
        }
        assertThat(o.stats().forEachPRounds()).as("forEachP rounds the runtime counted").isEqualTo(ROUNDS);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0} {1}")
    @MethodSource("cases")
    void aSleeperWakes(int procs, Shape shape) {
        Outcome o = whileSpinning(procs, shape, "1 ms sleep", () -> Time.sleep(Duration.ofMillis(1)));
        assertThat(o.rounds().p50Nanos()).as("a 1 ms sleep's p50 (ns)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1).toNanos());
    }

    /**
     * A round that first lets the spinners have every P ({@code Go.gosched}), then makes request: at GOMAXPROCS=1
     * the caller runs again only once sysmon has preempted the spinner that took the P (10 ms), so the round times
     * that too; at GOMAXPROCS=2 the request finds the other P held by a spinner.
     */
    private static Runnable yieldThen(Runnable request) {
        return () -> {
            Go.gosched();
            request.run();
        };
    }

    /** The rounds' durations and the runtime's counters at its end. */
    private record Outcome(RoundTimes rounds, RuntimeStats stats) {}

    /**
     * Runs round ROUNDS times, each timed, in a runtime with procs Ps while procs spinners of shape run, then stops
     * the spinners; checks that every spinner ran, that the runtime ended normally ({@code run} returned; its
     * invariants are checked after the test) and that no round passed BOUND; prints the figures.
     */
    private static Outcome whileSpinning(int procs, Shape shape, String what, Runnable round) {
        RoundTimes rounds = new RoundTimes(ROUNDS);
        long[][] passes = new long[1][];
        GoRuntime rt = runtime(procs);
        rt.run(() -> {
            Spinners spinners = Spinners.start(shape, procs);
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    rounds.time(round);
                }
            } finally {
                spinners.stopAndAwait();
            }
            passes[0] = spinners.passes();
        });
        System.out.printf("CallFreeLoopPreemptionTest [%s GOMAXPROCS=%d %s] %s%n", mode(), procs, shape,
                rounds.summary(what));
        assertThat(passes[0]).as("passes of each spinner's loop").hasSize(procs).doesNotContain(0L);
        assertThat(rounds.count()).as("rounds").isEqualTo(ROUNDS);
        assertThat(rounds.maxNanos()).as("the slowest %s (ns)", what).isLessThan(BOUND.toNanos());
        return new Outcome(rounds, rt.stats());
    }

    /**
     * A runtime with procs Ps in the test run's goroutine mode and a 16 MiB heap. The default heap's 1 GiB arena,
     * made anew in each case by the first Heap.current(), took 2-9 s to allocate once earlier runtimes' arenas
     * were garbage (and ran the JVM out of memory), and would be timed as part of the first GC round.
     */
    private static GoRuntime runtime(int procs) {
        GoRuntime rt = new GoRuntime(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs).printPanics(false)));
        TestRuntimes.register(rt);                      // checked after the test: RuntimeInvariantsExtension
        Heap.install(rt, HeapConfig.defaults().limitBytes(16L << 20));
        return rt;
    }

    /** The goroutine mode of this test run, for the printed figures. */
    static String mode() {
        return System.getProperty("gort.test.goroutines", "virtualthread");
    }
}
