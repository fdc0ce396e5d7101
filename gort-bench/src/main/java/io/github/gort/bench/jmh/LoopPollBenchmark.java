package io.github.gort.bench.jmh;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of gort-agent's loop polls: four tight loops without calls into gort, as a program would write them. Run
 * the same jar twice, once plain and once with the agent, and compare per loop (docs/performance.md):
 * <pre>
 * java -jar gort-bench/target/benchmarks.jar LoopPollBenchmark -f 1 -wi 3 -i 10 -w 1 -r 1
 * java -jar gort-bench/target/benchmarks.jar LoopPollBenchmark -f 1 -wi 3 -i 10 -w 1 -r 1 \
 *     -jvmArgsAppend -javaagent:gort-agent/target/gort-agent.jar=verbose
 * </pre>
 * This class is in {@code io.github.gort.bench}, which the agent rewrites (only gort-runtime's and the agent's own
 * packages are skipped). No benchmark runs a goroutine, so the poll's flag stays down: what is measured is the fast
 * path, one volatile read and a branch per back-edge. Every benchmark returns its result, so that JMH consumes it.
 *
 * <ul>
 *   <li>{@link #lcg}: schedlatency's spinner, {@value #LCG_STEPS} steps of a 64-bit linear congruential generator
 *       (one multiply-add chain);</li>
 *   <li>{@link #arraySum}: the sum of an {@code int[]} (the JIT vectorises it without polls);</li>
 *   <li>{@link #matmul}: nested loops, a {@value #MATRIX}×{@value #MATRIX} {@code double} matrix product in i-k-j
 *       order (the inner loop vectorises without polls);</li>
 *   <li>{@link #virtualCall}: a loop over {@value #OPS} objects of three classes calling one interface method each
 *       (a megamorphic call site, so a real virtual call).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class LoopPollBenchmark {
    static final int LCG_STEPS = 100_000;
    static final int MATRIX = 48;
    static final int OPS = 4096;

    /** The summed array, filled once per trial from a fixed seed. */
    @State(Scope.Thread)
    public static class Ints {
        /** The array's length: in L1 (1,024 ints) and in L2 (65,536). */
        @Param({"1024", "65536"})
        public int length;

        int[] values;

        @Setup(Level.Trial)
        public void fill() {
            values = new SplittableRandom(13).ints(length).toArray();
        }
    }

    /** The inputs of the other loops, filled once per trial from a fixed seed. */
    @State(Scope.Thread)
    public static class Data {
        double[] a;
        double[] b;
        double[] c;
        Op[] ops;
        long seed;

        @Setup(Level.Trial)
        public void fill() {
            SplittableRandom r = new SplittableRandom(13);
            a = r.doubles(MATRIX * MATRIX).toArray();
            b = r.doubles(MATRIX * MATRIX).toArray();
            c = new double[MATRIX * MATRIX];
            ops = new Op[OPS];
            for (int i = 0; i < OPS; i++) {
                ops[i] = switch (r.nextInt(3)) {
                    case 0 -> new AddOp(r.nextInt());
                    case 1 -> new XorOp(r.nextInt());
                    default -> new RotateOp(1 + r.nextInt(31));
                };
            }
            seed = r.nextLong();
        }
    }

    /** One step of the virtual-call loop. */
    public interface Op {
        int apply(int x);
    }

    record AddOp(int k) implements Op {
        @Override
        public int apply(int x) {
            return x + k;
        }
    }

    record XorOp(int k) implements Op {
        @Override
        public int apply(int x) {
            return x ^ k;
        }
    }

    record RotateOp(int k) implements Op {
        @Override
        public int apply(int x) {
            return Integer.rotateLeft(x, k);
        }
    }

    @Benchmark
    public long lcg(Data d) {
        long x = d.seed;
        for (int i = 0; i < LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    @Benchmark
    public int arraySum(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
        }
        return sum;
    }

    @Benchmark
    public double[] matmul(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < MATRIX; i++) {
            for (int k = 0; k < MATRIX; k++) {
                double aik = a[i * MATRIX + k];
                for (int j = 0; j < MATRIX; j++) {
                    c[i * MATRIX + j] += aik * b[k * MATRIX + j];
                }
            }
        }
        return c;
    }

    @Benchmark
    public int virtualCall(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
        }
        return x;
    }
}
