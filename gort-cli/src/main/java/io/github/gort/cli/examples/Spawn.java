package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** {@code spawn [N]}: N goroutines (default 1,000,000) are created and finish; prints how long it took. */
final class Spawn implements Example {
    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public String description() {
        return "spawn [N]: create N goroutines (default 1,000,000), wait for all, print the time";
    }

    @Override
    public int main(List<String> args) {
        long n = Example.count(args, 0, 1_000_000, "spawn: N");
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("spawn: N must be at most " + Integer.MAX_VALUE + ", got " + n);
        }
        LongAdder ran = new LongAdder();
        long t0 = System.nanoTime();
        WaitGroup wg = new WaitGroup();
        wg.add((int) n);
        for (long i = 0; i < n; i++) {
            Go.go(() -> {
                ran.increment();
                wg.done();
            });
        }
        wg.await();
        long ns = System.nanoTime() - t0;
        if (ran.sum() != n) {
            System.out.printf("spawn: %d goroutines ran, expected %d%n", ran.sum(), n);
            return 1;
        }
        System.out.printf("spawned and finished %,d goroutines in %.1f ms (%.0f ns per goroutine, GOMAXPROCS=%d)%n",
                n, ns / 1e6, (double) ns / n, Go.gomaxprocs());
        return 0;
    }
}
