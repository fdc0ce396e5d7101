package io.github.gort.bench.jmh;

import io.github.gort.internal.chan.Sema;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scheduler round trips inside a real runtime, per operation: {@code Go.gosched} (G to the global queue and back),
 * a gopark/goready round trip between two goroutines (through Sema, Go's semacquire/semrelease), an empty
 * {@code Go.syscall} (entersyscall + exitsyscall fast path), and spawn+exit. Each invocation starts a runtime and
 * runs {@value #OPS} operations in it, so start-up is amortised. Run:
 * {@code java -jar gort-bench/target/benchmarks.jar SchedBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class SchedBenchmark {
    static final int OPS = 200_000;

    @Param({"1", "2"})
    public int procs;

    private Config config() {
        return Config.defaults().gomaxprocs(procs);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void gosched() {
        GoRuntime.run(config(), () -> {
            for (int i = 0; i < OPS; i++) {
                Go.gosched();
            }
        });
    }

    /** Two goroutines hand a token back and forth through semaphores: each op is one park and one ready. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void parkReadyRoundTrip() {
        GoRuntime.run(config(), () -> {
            Sema ping = new Sema(0);
            Sema pong = new Sema(0);
            WaitGroup done = new WaitGroup();
            done.add(1);
            Go.go(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    ping.acquire();
                    pong.release();
                }
                done.done();
            });
            for (int i = 0; i < OPS / 2; i++) {
                ping.release();
                pong.acquire();
            }
            done.await();
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void syscallEnterExit() {
        GoRuntime.run(config(), () -> {
            try {
                for (int i = 0; i < OPS; i++) {
                    Go.syscall(() -> null);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void spawnExit() {
        GoRuntime.run(config(), () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(OPS);
            for (int i = 0; i < OPS; i++) {
                Go.go(wg::done);
            }
            wg.await();
        });
    }
}
