package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * spawn: start N goroutines that each do trivial work (an atomic add) and exit; wait for all with a WaitGroup.
 * Reports ns per goroutine. Peers: go/spawn, jdk/Spawn.java. Args: {@code [N]} (default 1,000,000).
 */
public final class SpawnWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        int n = (int) Measure.arg(args, 0, 1_000_000);
        Config config = Config.fromEnvironment();
        AtomicLong sink = new AtomicLong();
        MainGoroutine.run(config, () -> Measure.run("spawn", config.gomaxprocs(), n, () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                Go.go(() -> {
                    sink.addAndGet(v & 1);
                    wg.done();
                });
            }
            wg.await();
        }));
    }
}
