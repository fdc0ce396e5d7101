package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * parked: N goroutines each parked until released; reports resident bytes per parked goroutine (the RSS delta, as
 * jdk/Parked.java measures it) and heap bytes per goroutine. Peers: go/parked (blocked on a channel receive, Sys
 * delta), jdk/Parked.java (a latch). gort's goroutines park in a WaitGroup's await, used as a one-shot gate like
 * Go's {@code close(release)}. Args: {@code [N]} (default 1,000,000).
 */
public final class ParkedWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        int n = (int) Measure.arg(args, 0, 1_000_000);
        Config config = Config.fromEnvironment();
        long heap0 = heapUsed();
        long rss0 = rssBytes();
        long[] after = new long[2];
        MainGoroutine.run(config, () -> {
            WaitGroup started = new WaitGroup();
            WaitGroup release = new WaitGroup();
            WaitGroup done = new WaitGroup();
            started.add(n);
            release.add(1);
            done.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.done();
                    release.await();
                    done.done();
                });
            }
            started.await();
            after[0] = heapUsed();
            after[1] = rssBytes();
            release.done();
            done.await();
        });
        Measure.line("parked", config.gomaxprocs(), n, Map.of(
                "bytes_per_g", String.format(Locale.ROOT, "%.0f", (after[1] - rss0) / (double) n),
                "heap_bytes_per_g", String.format(Locale.ROOT, "%.0f", (after[0] - heap0) / (double) n)));
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status: parked needs Linux");
    }
}
