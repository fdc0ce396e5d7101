package io.github.gort.bench.jmh;

import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor under every gort context switch: a raw {@code jdk.internal.vm.Continuation} yield and resume, and the
 * creation and run of a continuation that finishes at once (the floor under {@code Go.go}). gort's own hot-path
 * benchmarks (runq, channels, syscall enter/exit) sit beside this one and compare against it.
 *
 * <p>Run: {@code java -jar gort-bench/target/benchmarks.jar ContinuationBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class ContinuationBenchmark {
    private static final ContinuationScope SCOPE = new ContinuationScope("gort-bench");

    private Continuation looping;
    private volatile boolean stop;
    private long sink;

    /** Starts a continuation that yields forever, one yield per resume. */
    @Setup(Level.Iteration)
    public void setUp() {
        stop = false;
        looping = new Continuation(SCOPE, () -> {
            while (!stop) {
                sink++;
                Continuation.yield(SCOPE);
            }
        });
        looping.run();
    }

    /** Lets the looping continuation finish, so none is left mounted-able across iterations. */
    @TearDown(Level.Iteration)
    public void tearDown() {
        stop = true;
        looping.run();
        if (!looping.isDone()) {
            throw new IllegalStateException("ContinuationBenchmark.tearDown: continuation did not finish");
        }
    }

    /** One resume plus one yield: the cost of switching to a parked goroutine and back. */
    @Benchmark
    public long yieldResume() {
        looping.run();
        return sink;
    }

    /** Creating a continuation and running it to completion: the floor under spawning a goroutine. */
    @Benchmark
    public boolean createAndRun() {
        Continuation c = new Continuation(SCOPE, () -> sink++);
        c.run();
        return c.isDone();
    }
}
