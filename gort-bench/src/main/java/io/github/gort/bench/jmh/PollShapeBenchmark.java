package io.github.gort.bench.jmh;

import io.github.gort.bench.jmh.LoopPollBenchmark.Data;
import io.github.gort.bench.jmh.LoopPollBenchmark.Ints;
import io.github.gort.bench.jmh.LoopPollBenchmark.Op;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * {@link LoopPollBenchmark}'s loops with a loop poll written by hand in one of several shapes, to compare shapes
 * against each other without the agent (run it without {@code -javaagent}: this package is one the agent rewrites).
 * The flag is never raised, so each measures a shape's fast path:
 * <ul>
 *   <li>{@code none}: no poll (the loop as the JIT compiles it without the agent);</li>
 *   <li>{@code volatile}: what gort-agent inserts today, {@code LoopPoll.poll()}: a volatile static read and a
 *       branch on every back-edge;</li>
 *   <li>{@code opaque}: the same flag read with {@code VarHandle.getOpaque} (coherent and never hoisted for good,
 *       but no acquire ordering);</li>
 *   <li>{@code plain}: a plain static read. Not a correct poll: the JIT may read it once before the loop (the
 *       classic {@code while (!stop)} hang), which is what makes it free; here as the lower bound;</li>
 *   <li>{@code every1024}: a down-counter in a local, and the volatile read only when it reaches zero, once every
 *       1,024 back-edges;</li>
 *   <li>{@code stripMined}: the counted loop split into strips of {@value #STRIP} iterations, an inner loop without
 *       a poll and the volatile poll once per strip (what C2 does with its own safepoint poll,
 *       {@code -XX:LoopStripMiningIter}); a rewriter could do it for loops of the {@code for (int i..; i < n; i++)}
 *       form only.</li>
 * </ul>
 * Run: {@code java -jar gort-bench/target/benchmarks.jar PollShapeBenchmark -f 1 -wi 3 -i 10 -w 1 -r 1 -p length=1024}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PollShapeBenchmark {
    private static final int EVERY = 1024;
    private static final int STRIP = 1024;
    private static volatile boolean volatileFlag;
    private static boolean plainFlag;
    private static boolean opaqueFlag;
    private static final VarHandle OPAQUE;

    static {
        try {
            OPAQUE = MethodHandles.lookup().findStaticVarHandle(PollShapeBenchmark.class, "opaqueFlag", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slow path, never taken here; kept out of line as Goroutines.goschedguarded is. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void slowPath() {
        volatileFlag = false;
    }

    static void pollVolatile() {
        if (volatileFlag) {
            slowPath();
        }
    }

    static void pollOpaque() {
        if ((boolean) OPAQUE.getOpaque()) {
            slowPath();
        }
    }

    static void pollPlain() {
        if (plainFlag) {
            slowPath();
        }
    }

    // ------------------------------------------------------------------------------------------------- lcg

    @Benchmark
    public long lcg_none(Data d) {
        long x = d.seed;
        for (int i = 0; i < LoopPollBenchmark.LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    @Benchmark
    public long lcg_volatile(Data d) {
        long x = d.seed;
        for (int i = 0; i < LoopPollBenchmark.LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            pollVolatile();
        }
        return x;
    }

    @Benchmark
    public long lcg_opaque(Data d) {
        long x = d.seed;
        for (int i = 0; i < LoopPollBenchmark.LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            pollOpaque();
        }
        return x;
    }

    @Benchmark
    public long lcg_plain(Data d) {
        long x = d.seed;
        for (int i = 0; i < LoopPollBenchmark.LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            pollPlain();
        }
        return x;
    }

    @Benchmark
    public long lcg_every1024(Data d) {
        long x = d.seed;
        int budget = EVERY;
        for (int i = 0; i < LoopPollBenchmark.LCG_STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (--budget == 0) {
                budget = EVERY;
                pollVolatile();
            }
        }
        return x;
    }

    @Benchmark
    public long lcg_stripMined(Data d) {
        long x = d.seed;
        int n = LoopPollBenchmark.LCG_STEPS;
        for (int i = 0; i < n; ) {
            int stripEnd = n - i > STRIP ? i + STRIP : n;
            for (; i < stripEnd; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            pollVolatile();
        }
        return x;
    }

    // -------------------------------------------------------------------------------------------- arraySum

    @Benchmark
    public int arraySum_none(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
        }
        return sum;
    }

    @Benchmark
    public int arraySum_volatile(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            pollVolatile();
        }
        return sum;
    }

    @Benchmark
    public int arraySum_opaque(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            pollOpaque();
        }
        return sum;
    }

    @Benchmark
    public int arraySum_plain(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            pollPlain();
        }
        return sum;
    }

    @Benchmark
    public int arraySum_every1024(Ints d) {
        int[] v = d.values;
        int sum = 0;
        int budget = EVERY;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (--budget == 0) {
                budget = EVERY;
                pollVolatile();
            }
        }
        return sum;
    }

    @Benchmark
    public int arraySum_stripMined(Ints d) {
        int[] v = d.values;
        int sum = 0;
        for (int i = 0; i < v.length; ) {
            int stripEnd = v.length - i > STRIP ? i + STRIP : v.length;
            for (; i < stripEnd; i++) {
                sum += v[i];
            }
            pollVolatile();
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------- matmul

    @Benchmark
    public double[] matmul_none(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return c;
    }

    @Benchmark
    public double[] matmul_volatile(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                    pollVolatile();
                }
                pollVolatile();
            }
            pollVolatile();
        }
        return c;
    }

    @Benchmark
    public double[] matmul_opaque(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                    pollOpaque();
                }
                pollOpaque();
            }
            pollOpaque();
        }
        return c;
    }

    @Benchmark
    public double[] matmul_plain(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                    pollPlain();
                }
                pollPlain();
            }
            pollPlain();
        }
        return c;
    }

    @Benchmark
    public double[] matmul_every1024(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        int budget = EVERY;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                    if (--budget == 0) {
                        budget = EVERY;
                        pollVolatile();
                    }
                }
                if (--budget == 0) {
                    budget = EVERY;
                    pollVolatile();
                }
            }
            if (--budget == 0) {
                budget = EVERY;
                pollVolatile();
            }
        }
        return c;
    }

    /** Every loop strip-mined; with n = 48 below the strip length, each loop polls once per run of it. */
    @Benchmark
    public double[] matmul_stripMined(Data d) {
        double[] a = d.a;
        double[] b = d.b;
        double[] c = d.c;
        int n = LoopPollBenchmark.MATRIX;
        Arrays.fill(c, 0.0);
        for (int i = 0; i < n; ) {
            int iEnd = n - i > STRIP ? i + STRIP : n;
            for (; i < iEnd; i++) {
                for (int k = 0; k < n; ) {
                    int kEnd = n - k > STRIP ? k + STRIP : n;
                    for (; k < kEnd; k++) {
                        double aik = a[i * n + k];
                        for (int j = 0; j < n; ) {
                            int jEnd = n - j > STRIP ? j + STRIP : n;
                            for (; j < jEnd; j++) {
                                c[i * n + j] += aik * b[k * n + j];
                            }
                            pollVolatile();
                        }
                    }
                    pollVolatile();
                }
            }
            pollVolatile();
        }
        return c;
    }

    // ----------------------------------------------------------------------------------------- virtualCall

    @Benchmark
    public int virtualCall_none(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
        }
        return x;
    }

    @Benchmark
    public int virtualCall_volatile(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
            pollVolatile();
        }
        return x;
    }

    @Benchmark
    public int virtualCall_opaque(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
            pollOpaque();
        }
        return x;
    }

    @Benchmark
    public int virtualCall_plain(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
            pollPlain();
        }
        return x;
    }

    @Benchmark
    public int virtualCall_every1024(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        int budget = EVERY;
        for (int i = 0; i < ops.length; i++) {
            x = ops[i].apply(x);
            if (--budget == 0) {
                budget = EVERY;
                pollVolatile();
            }
        }
        return x;
    }

    @Benchmark
    public int virtualCall_stripMined(Data d) {
        Op[] ops = d.ops;
        int x = (int) d.seed;
        for (int i = 0; i < ops.length; ) {
            int stripEnd = ops.length - i > STRIP ? i + STRIP : ops.length;
            for (; i < stripEnd; i++) {
                x = ops[i].apply(x);
            }
            pollVolatile();
        }
        return x;
    }
}
