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
 * <p>gort has cooperative preemption only (as Go before 1.14): a loop with no runtime call cannot be stopped. The
 * spinners therefore pass one preemption check per outer iteration (every 1,000,000 multiply-adds), where Go's
 * spinners pass none and rely on asynchronous preemption. The sleeper's wakeup waits for sysmon to ask a spinner
 * to yield, 10 ms after its time slice began (Go's forcePreemptNS). As the JDK peer does, the sleeper stops at the
 * deadline whatever happens.
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
            WaitGroup spinners = new WaitGroup();
            spinners.add(2);
            for (int s = 0; s < 2; s++) {
                Go.go(() -> {
                    long x = 1;
                    while (!stop) {
                        for (int i = 0; i < 1_000_000; i++) {
                            x = x * 6364136223846793005L + 1442695040888963407L;
                        }
                        Go.checkPreempt();
                    }
                    sink += x;
                    spinners.done();
                });
            }
            long[] samples = new long[(int) Math.max(16, durMs * 2)];
            int n = 0;
            long end = System.nanoTime() + durMs * 1_000_000;
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

    private static String us(long[] sorted, double p) {
        return String.format(Locale.ROOT, "%.0f", sorted[(int) (p * (sorted.length - 1))] / 1e3);
    }
}
