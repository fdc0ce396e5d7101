package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * syscall-block-handoff: with GOMAXPROCS=2, 8 goroutines each block up to 200 times in a real 1 ms nanosleep(2)
 * inside {@code Go.syscall} while 2 goroutines do a fixed amount of CPU work; reports the CPU work's slowdown
 * against running alone. If blocked Ms give their Ps away (sysmon's retake), the slowdown stays near 1. Peers:
 * go/blockhandoff, jdk/BlockHandoff.java. Args: {@code [iters]} (default 200,000,000). Like the JDK peer, it warms
 * the JIT with a quarter-size round first.
 */
public final class SyscallBlockHandoffWorkload implements GortWorkload {
    private static final int PROCS = 2;
    private static final int BLOCKERS = 8;
    private static final int NAPS = 200;
    private static volatile long sink;
    private static volatile boolean stop;

    @Override
    public void run(List<String> args) throws Exception {
        long iters = Measure.arg(args, 0, 200_000_000);
        Config config = Config.fromEnvironment().gomaxprocs(PROCS);
        long[] ns = new long[2];
        MainGoroutine.run(config, () -> {
            round(iters / 4, 0);
            round(iters / 4, BLOCKERS);
            ns[0] = round(iters, 0);
            ns[1] = round(iters, BLOCKERS);
        });
        Measure.line("syscall-block-handoff", PROCS, iters, Map.of(
                "cpu_alone_ms", String.format(Locale.ROOT, "%.1f", ns[0] / 1e6),
                "cpu_blocking_ms", String.format(Locale.ROOT, "%.1f", ns[1] / 1e6),
                "slowdown", String.format(Locale.ROOT, "%.3f", ns[1] / (double) ns[0])));
    }

    /** Runs the CPU work next to {@code blockers} sleepers; returns the CPU work's wall time in ns. */
    private static long round(long iters, int blockers) {
        stop = false;
        WaitGroup bw = new WaitGroup();
        bw.add(blockers);
        for (int b = 0; b < blockers; b++) {
            Go.go(() -> {
                try (Arena arena = Arena.ofShared()) {       // shared: a goroutine may resume on another M
                    MemorySegment ts = arena.allocate(16);     // struct timespec {0 s, 1,000,000 ns}
                    ts.set(ValueLayout.JAVA_LONG, 8, 1_000_000L);
                    for (int nap = 0; nap < NAPS && !stop; nap++) {
                        Go.syscall(() -> {
                            Libc.nanosleep(ts);
                            return null;
                        });
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("blocker failed", e);
                } finally {
                    bw.done();
                }
            });
        }
        long t = System.nanoTime();
        WaitGroup cw = new WaitGroup();
        cw.add(2);
        for (int c = 0; c < 2; c++) {
            Go.go(() -> {
                sink += cpuWork(iters / 2);
                cw.done();
            });
        }
        cw.await();
        long d = System.nanoTime() - t;
        stop = true;
        bw.await();
        return d;
    }

    private static long cpuWork(long iters) {
        long x = 88172645463325252L;
        for (long i = 0; i < iters; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
