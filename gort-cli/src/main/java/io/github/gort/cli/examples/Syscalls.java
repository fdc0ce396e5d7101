package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code syscalls [seconds]}: goroutines that block in real system calls (1 ms sleeps through Go.syscall) next to
 * goroutines doing CPU work that yield now and then, for a few seconds. Run it with {@code GODEBUG=schedtrace=200}
 * to watch Ps handed off and taken back in Go's SCHED lines.
 */
final class Syscalls implements Example {
    @Override
    public String name() {
        return "syscalls";
    }

    @Override
    public String description() {
        return "syscalls [seconds]: blocking and CPU-bound goroutines side by side (try GODEBUG=schedtrace=200)";
    }

    @Override
    public int main(List<String> args) {
        long seconds = Example.count(args, 0, 2, "syscalls: seconds");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        LongAdder calls = new LongAdder();
        LongAdder work = new LongAdder();
        WaitGroup wg = new WaitGroup();
        int blockers = 8;
        int workers = 4;
        wg.add(blockers + workers);
        for (int i = 0; i < blockers; i++) {
            Go.go(() -> {
                while (System.nanoTime() < end) {
                    try {
                        Go.syscall(() -> {
                            Thread.sleep(1);
                            return null;
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    calls.increment();
                }
                wg.done();
            });
        }
        for (int i = 0; i < workers; i++) {
            Go.go(() -> {
                long x = 1;
                while (System.nanoTime() < end) {
                    for (int k = 0; k < 100_000; k++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    work.add(x & 1);
                    Go.checkPreempt();
                }
                wg.done();
            });
        }
        wg.await();
        System.out.printf("%,d blocking system calls by %d goroutines, %d CPU goroutines, %d s, GOMAXPROCS=%d%n",
                calls.sum(), blockers, workers, seconds, Go.gomaxprocs());
        return 0;
    }
}
