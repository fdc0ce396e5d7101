package io.github.gort.agenttest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A poll on a stack that cannot yield goes on: the goroutine keeps its P until it can, nothing fails, and the
 * runtime asks again. Two such stacks: a class initializer (the JVM calls it: a native frame below), and a Java
 * comparator called back from libc's qsort through FFM (a native frame below).
 */
class PinnedPollTest {
    private static final long SPIN_NANOS = 200_000_000;
    private static volatile long sink;

    /** Loops without calls for SPIN_NANOS (System.nanoTime is an intrinsic, not a runtime call). */
    static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    static final class SpinsInItsInitializer {
        static final long VALUE = spin(SPIN_NANOS);
    }

    @Test
    void aLoopInAClassInitializerKeepsItsPAndEndsNormally() {
        long[] wake = new long[1];
        long[] value = new long[1];
        GoRuntime rt = TestRuntimes.withRuntime(Config.defaults().gomaxprocs(1), r -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                value[0] = SpinsInItsInitializer.VALUE;
                wg.done();
            });
            long t = System.nanoTime();
            Time.sleep(Duration.ofMillis(1));                   // runs only when the initializer is done
            wake[0] = System.nanoTime() - t;
            wg.await();
        });
        assertThat(value[0]).isNotZero();
        assertThat(wake[0]).as("the sleeper waited for the class initializer (ns)").isGreaterThan(SPIN_NANOS / 2);
        assertThat(rt.stats().pinnedPolls()).as("polls that could not yield").isPositive();
    }

    private static final AtomicLong COMPARES = new AtomicLong();

    /** qsort's comparator: spins a while per call, so the sort takes about SPIN_NANOS. */
    static int compare(MemorySegment a, MemorySegment b) {
        COMPARES.incrementAndGet();
        sink += spin(SPIN_NANOS / 40);
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }

    @Test
    void aLoopCalledBackFromNativeCodeKeepsItsPAndEndsNormally() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle qsort = linker.downcallHandle(linker.defaultLookup().findOrThrow("qsort"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS));
        MethodHandle cmp = MethodHandles.lookup().findStatic(PinnedPollTest.class, "compare",
                MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        FunctionDescriptor cmpDesc = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT),
                ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT));
        int[] sorted = new int[8];
        long[] wake = new long[1];
        GoRuntime rt = TestRuntimes.withRuntime(Config.defaults().gomaxprocs(1), r -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment stub = linker.upcallStub(cmp, cmpDesc, arena);
                    MemorySegment array = arena.allocateFrom(ValueLayout.JAVA_INT, 5, 3, 8, 1, 7, 2, 6, 4);
                    qsort.invokeExact(array, 8L, 4L, stub);
                    for (int i = 0; i < 8; i++) {
                        sorted[i] = array.getAtIndex(ValueLayout.JAVA_INT, i);
                    }
                } catch (Throwable e) {
                    throw new AssertionError(e);
                }
                wg.done();
            });
            long t = System.nanoTime();
            Time.sleep(Duration.ofMillis(1));
            wake[0] = System.nanoTime() - t;
            wg.await();
        });
        assertThat(sorted).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(COMPARES.get()).isPositive();
        assertThat(wake[0]).as("the sleeper waited for qsort (ns)").isGreaterThan(SPIN_NANOS / 8);
        assertThat(rt.stats().pinnedPolls()).as("polls that could not yield").isPositive();
    }
}
