package io.github.gort.bench.jmh;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.Runq;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.Config;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The local run queue's hot paths, single-threaded (no contention): the owner's put+get through the ring and
 * through runnext, and a thief stealing half of a queue of 64. Reaches Runq through the runtime module's
 * qualified export of its scheduler package to this module. Run: {@code java -jar gort-bench/target/benchmarks.jar
 * RunqBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class RunqBenchmark {
    private static final int STEAL_BATCH = 64;
    private P owner;
    private P thief;
    private G[] gs;

    @Setup
    public void setup() {
        Sched sched = new Sched(Config.defaults().gomaxprocs(2));
        owner = new P(0, sched.runq, Runq.DEFAULT_CAPACITY, null);
        thief = new P(1, sched.runq, Runq.DEFAULT_CAPACITY, null);
        gs = new G[STEAL_BATCH];
        for (int i = 0; i < gs.length; i++) {
            gs[i] = new G(sched);
        }
    }

    /** Owner: runqput then runqget through the ring. */
    @Benchmark
    public G putGet() {
        owner.runq.runqput(gs[0]);
        return owner.runq.runqget();
    }

    /** Owner: runqputnext then runqget through runnext (what goready and newproc do). */
    @Benchmark
    public G putNextGet() {
        owner.runq.runqputnext(gs[0]);
        return owner.runq.runqget();
    }

    /** 64 Gs put by the owner; a thief steals half, then both drain. Per G. */
    @Benchmark
    @OperationsPerInvocation(STEAL_BATCH)
    public int stealHalf() {
        for (G g : gs) {
            owner.runq.runqput(g);
        }
        int n = thief.runq.runqsteal(owner.runq) == null ? 0 : 1;
        while (thief.runq.runqget() != null) {
            n++;
        }
        while (owner.runq.runqget() != null) {
            n++;
        }
        return n;
    }
}
