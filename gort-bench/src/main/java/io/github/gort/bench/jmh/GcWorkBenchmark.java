package io.github.gort.bench.jmh;

import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.gcwork.WorkbufLists;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a P's GC work cache (Go: mgcwork.go): the local put/tryGet fast path, and the trip of a buffer through
 * the global lists (dispose pushes it to work.full, another gcWork's tryGet pops it with trygetfull).
 *
 * <p>Runs without -Dgort.debug, so where tags and list counters are compiled out; checknonempty/checkempty stay on,
 * as in Go. {@code java -jar gort-bench/target/benchmarks.jar GcWorkBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class GcWorkBenchmark {
    /** Objects per churn round; 253 (Go's buffer) and a few to show the per-buffer overhead. */
    @Param({"4", "253"})
    public int batch;

    private WorkbufLists lists;
    private GcWork producer;
    private GcWork consumer;
    private long next = 1;

    @Setup(Level.Trial)
    public void setUp() {
        lists = new WorkbufLists();
        producer = new GcWork(lists);
        consumer = new GcWork(lists);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        producer.dispose();
        consumer.dispose();
        lists.checkConservation(0);
    }

    /** One put and one tryGet on the same gcWork: the local fast path, no list traffic. */
    @Benchmark
    public long putTryGetRoundTrip() {
        producer.put(next++);
        return producer.tryGet();
    }

    /**
     * batch puts, a dispose (work.full and work.empty pushes), then a second gcWork takes the work (trygetfull) and
     * disposes its now empty buffers. Reported per object.
     */
    @Benchmark
    @OperationsPerInvocation(253)
    public long putDisposeTrygetfullChurn() {
        long sum = 0;
        int rounds = Math.max(1, 253 / batch);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < batch; i++) {
                producer.put(next++);
            }
            producer.dispose();
            for (long o = consumer.tryGet(); o != 0; o = consumer.tryGet()) {
                sum += o;
            }
            consumer.dispose();
        }
        return sum;
    }
}
