package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * schedlatency: GOMAXPROCS=2; two goroutines spin while a third sleeps 1 ms over and over; reports how late it
 * wakes (p50, p99, max in µs). Peers: go/schedlatency, jdk/SchedLatency.java. Args: {@code [durMs]} (default 2000).
 *
 * <p>The spinners are loops without runtime calls, as Go's: a multiply-add chain, and between batches of 1,000,000
 * steps a read of the stop flag and of {@code System.nanoTime()} (an intrinsic, not a call into gort). Only
 * gort-agent's loop polls stop them: the sleeper's wakeup waits for sysmon to ask a spinner to yield, 10 ms after its
 * time slice began (Go's forcePreemptNS). Without the agent, or with {@code GODEBUG=asyncpreemptoff=1}, the spinners
 * keep both Ps until the deadline and the sleeper wakes once, that late: the p99 is the run's length. So that this
 * ends, the spinners stop at the sleeper's deadline whatever happens, as the JDK peer's sleeper does.
 */
public final class SchedlatencyWorkload implements GortWorkload {
    private static final int PROCS = 2;
    private static volatile boolean stop;
    private static volatile long sink;

    @Override
    public void run(List<String> args) throws Exception {
        long durMs = Measure.arg(args, 0, 2000);
        Config config = Config.fromEnvironment().gomaxprocs(PROCS);
        long[][] late = new long[1][];
        MainGoroutine.run(config, () -> {
            stop = false;
            long end = System.nanoTime() + durMs * 1_000_000;
            WaitGroup spinners = new WaitGroup();
            spinners.add(2);
            for (int s = 0; s < 2; s++) {
                Go.go(() -> {
                    sink += spin(end);
                    spinners.done();
                });
            }
            long[] samples = new long[(int) Math.max(16, durMs * 2)];
            int n = 0;
            while (System.nanoTime() < end && n < samples.length) {
                long t = System.nanoTime();
                Time.sleep(Duration.ofMillis(1));
                samples[n++] = System.nanoTime() - t - 1_000_000;
            }
            stop = true;
            spinners.await();
            late[0] = Arrays.copyOf(samples, n);
        });
        long[] l = late[0];
        Arrays.sort(l);
        Measure.line("schedlatency", PROCS, l.length, Map.of(
                "p50_us", us(l, 0.50), "p99_us", us(l, 0.99), "max_us", us(l, 1.0)));
    }

    /** The spinner: no call into gort's runtime, so only a loop poll can preempt it. */
    private static long spin(long deadline) {
        long x = 1;
        while (!stop && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    private static String us(long[] sorted, double p) {
        return String.format(Locale.ROOT, "%.0f", sorted[(int) (p * (sorted.length - 1))] / 1e3);
    }
}
