package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Any throwable ends the program as a panic or a fatal error, errors of the JVM included: one escaping goroutine
 * code is a panic; one on an M's own loop is fatal, even when reporting it runs out of memory (the M thread's
 * uncaught-exception handler is the last resort). Nothing ends silently with the panic lost.
 */
class ThrowableOnMTest {
    static int recurse(int n) {
        return n == Integer.MIN_VALUE ? 0 : 1 + recurse(n + 1);
    }

    @Test
    void jvmErrorsInGoroutineCodeArePanics() {
        List<Runnable> bodies = List.of(
                () -> { throw new OutOfMemoryError("test: out of memory"); },
                () -> recurse(0),
                () -> { throw new AssertionError("test: assertion"); });
        List<Class<? extends Throwable>> causes = List.of(OutOfMemoryError.class, StackOverflowError.class,
                AssertionError.class);
        for (int i = 0; i < bodies.size(); i++) {
            Runnable body = bodies.get(i);
            assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(2), () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    body.run();
                    wg.done();
                });
                wg.await();
            })).isInstanceOf(GoPanic.class).hasCauseInstanceOf(causes.get(i));
        }
    }

    /** An error whose report cannot be built: describing it runs out of memory, as a real heap exhaustion does. */
    static final class UnreportableError extends OutOfMemoryError {
        private static final long serialVersionUID = 1L;

        UnreportableError() {
            super("test: out of memory on the M loop");
        }

        @Override
        public String toString() {
            throw new OutOfMemoryError("test: no memory left to describe the error");
        }
    }

    @Test
    void anErrorOnTheMLoopWhoseReportRunsOutOfMemoryIsFatal() throws Exception {
        for (int procs = 1; procs <= 2; procs++) {
            Throwable outcome = TestRuntimes.failureWithin(CheckdeadTest.DEADLINE, Config.defaults().gomaxprocs(procs), () -> {
                M mp = M.current();
                // The unlock callback runs on the M loop (g0), outside any goroutine.
                mp.sched.goroutines.gopark(mp, (gp, lock) -> { throw new UnreportableError(); }, null, "test");
            });
            assertThat(outcome).as("GOMAXPROCS=%d", procs).isInstanceOf(FatalError.class);
            assertThat(((FatalError) outcome).goMessage()).startsWith("fatal error: runtime: ");
        }
    }

    /**
     * Code on the M loop that links a lambda (or initializes a class) with no heap left fails with a
     * BootstrapMethodError (or ExceptionInInitializerError) caused by the OutOfMemoryError: the fatal error names
     * the OutOfMemoryError (seen in CI on sysmon while a goroutine filled the heap).
     */
    @Test
    void anErrorCausedByRunningOutOfMemoryIsReportedAsOutOfMemory() throws Exception {
        Throwable outcome = TestRuntimes.failureWithin(CheckdeadTest.DEADLINE, Config.defaults().gomaxprocs(1), () -> {
            M mp = M.current();
            mp.sched.goroutines.gopark(mp, (gp, lock) -> {
                throw new BootstrapMethodError("bootstrap method initialization exception",
                        new OutOfMemoryError("test: Java heap space"));
            }, null, "test");
        });
        assertThat(outcome).isInstanceOf(FatalError.class)
                .hasMessageStartingWith("runtime: unexpected java.lang.OutOfMemoryError: test: Java heap space"
                        + " (raised as java.lang.BootstrapMethodError: bootstrap method initialization exception)")
                .hasRootCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void runningOutOfHeapEndsTheProgramWithTheError() throws Exception {
        // GOMAXPROCS, what main does meanwhile, and whether the runtime prints the panic (it needs memory too).
        for (String mode : List.of("1 wait quiet", "2 spin print")) {
            String[] args = mode.split(" ");
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), OutOfMemoryProgram.class.getName(),
                    args[0], args[1], args[2]));
            pb.redirectErrorStream(true);
            Path log = Files.createTempFile("gort-oom", ".txt");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            assertThat(ended).as("%s: the program ended within 60 s; output:%n%s", mode, out).isTrue();
            assertThat(out).as(mode).containsPattern("RESULT (GoPanic|FatalError): .*(OutOfMemoryError|out of memory)");
        }
    }

    /**
     * A goroutine fills the heap with a list that main keeps alive, so the heap stays full after the goroutine
     * died of it. Prints how run ended. Arguments: GOMAXPROCS, {@code wait} or {@code spin}, {@code print} or not.
     */
    public static final class OutOfMemoryProgram {
        public static void main(String[] args) {
            String result;
            try {
                GoRuntime.run(Config.defaults().gomaxprocs(Integer.parseInt(args[0])).printPanics(args[2].equals("print")), () -> {
                    List<long[]> held = new java.util.ArrayList<>();
                    WaitGroup wg = new WaitGroup();
                    wg.add(1);
                    Go.go(() -> {
                        while (true) {
                            held.add(new long[1 << 12]);
                        }
                    });
                    if (args[1].equals("spin")) {
                        long end = System.nanoTime() + 20_000_000_000L;
                        while (System.nanoTime() - end < 0) {
                            Go.gosched();
                        }
                    } else {
                        wg.await();
                    }
                    held.clear();
                });
                result = "returned normally";
            } catch (GoPanic | FatalError e) {
                result = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            System.out.println("RESULT " + result);
        }
    }
}
