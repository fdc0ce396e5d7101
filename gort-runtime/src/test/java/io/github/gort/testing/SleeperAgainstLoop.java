package io.github.gort.testing;

import io.github.gort.internal.preempt.LoopPoll;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;

/**
 * One goroutine in a loop without runtime calls for a fixed time, against main sleeping 1 ms, at GOMAXPROCS=1: when
 * main wakes tells whether the loop was preempted (during the loop) or kept the only P until it ended (after). The
 * loop also counts the passes that saw gort-agent's poll flag up ({@link LoopPoll#raised}: a read, not a runtime
 * call), which tells whether the runtime asked by the flag. Whether the loop has a poll on its back-edge depends on
 * the JVM: this class is not in a gort-runtime package, so gort-agent rewrites it where it is loaded.
 */
public final class SleeperAgainstLoop {
    private static final long MUL = 6364136223846793005L;
    private static final long ADD = 1442695040888963407L;
    private static volatile long sink;

    private SleeperAgainstLoop() {}

    /**
     * What one race saw; times are System.nanoTime values.
     *
     * @param loopStart  when the loop began
     * @param loopEnd    when the loop ended
     * @param sleptAt    when main began its 1 ms sleep
     * @param wokeAt     when main ran again after it
     * @param flagSeen   passes of the loop that saw the poll flag up
     * @param stats      the runtime's counters at its end
     */
    public record Race(long loopStart, long loopEnd, long sleptAt, long wokeAt, long flagSeen, RuntimeStats stats) {
        /** How long main's 1 ms sleep took, in ms. */
        public double wakeMillis() {
            return (wokeAt - sleptAt) / 1e6;
        }

        /** One line for the report. */
        public String summary() {
            return String.format("loop %.1f ms, sleeper woke after %.1f ms (%.1f ms %s the loop's end),"
                            + " flag seen up in %d passes, preemptions=%d", (loopEnd - loopStart) / 1e6,
                    wakeMillis(), Math.abs(wokeAt - loopEnd) / 1e6, wokeAt >= loopEnd ? "after" : "before",
                    flagSeen, stats.preemptions());
        }
    }

    /** Runs the race in a runtime made from config with one P; the runtime must end normally. */
    public static Race race(Config config, Duration loop) {
        long[] t = new long[5];
        GoRuntime rt = TestRuntimes.run(config.gomaxprocs(1), () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                t[0] = System.nanoTime();
                t[4] = spin(t[0] + loop.toNanos());
                t[1] = System.nanoTime();
                wg.done();
            });
            t[2] = System.nanoTime();
            Time.sleep(Duration.ofMillis(1));       // the spinner has the P from here until it yields or ends
            t[3] = System.nanoTime();
            wg.await();
        });
        return new Race(t[0], t[1], t[2], t[3], t[4], rt.stats());
    }

    /** Loops until System.nanoTime passes end (an intrinsic, not a runtime call); returns the flag count. */
    private static long spin(long end) {
        long x = 1;
        long seen = 0;
        while (System.nanoTime() < end) {
            x = x * MUL + ADD;
            if (LoopPoll.raised()) {
                seen++;
            }
        }
        sink = x;
        return seen;
    }
}
