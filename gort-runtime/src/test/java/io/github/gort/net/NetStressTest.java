package io.github.gort.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import io.github.gort.testing.Watchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's stress test: 10,000 concurrent loopback connections through one gort listener at GOMAXPROCS=2, one
 * goroutine per connection, every byte echoed intact, while the number of Ms stays at GOMAXPROCS plus a small
 * constant. The same with forEachP and stop-the-world rounds running meanwhile, and with GOMAXPROCS changed
 * 2→4→1→2 while the connections are accepted and served.
 *
 * <p>The server runs here, in a gort runtime; the 10,000 clients run in a child JVM ({@link EchoStressClient}),
 * because both ends in one JVM would need 20,000 descriptors (this machine's limit). The child dials all of them
 * (256 dials in flight, under the listener's somaxconn backlog), holds them all open at once, makes
 * {@value #MESSAGES} round trips of 64 bytes on each, checks every byte and prints a result line the test asserts.
 *
 * <p>The M bound: at most GOMAXPROCS Ms own a P; past those, gort keeps at most one M blocked in the network poll
 * without a P (Go's findRunnable: only one M blocks in netpoll), one M in a system call (main starts the child in
 * Go.syscall) and one M that handoffp or wakep started and that has not yet found its P taken (a spinning M that
 * lost the race and went to stopm). So Ms ≤ GOMAXPROCS + {@value #EXTRA_MS}; Ms are never freed, so the final
 * count is the maximum. With GOMAXPROCS changed the bound uses the largest GOMAXPROCS the run had.
 *
 * <p>Each scenario has a deadline ({@value #DEADLINE_SECONDS} s): past it a watchdog kills the child (the server's
 * goroutines then see their connections end); 30 s later, if the runtime still has not ended, the test interrupts
 * the thread that runs it, which stops the runtime, and fails: a hang fails instead of blocking the build.
 */
@Tag("stress")
class NetStressTest {
    static final int CONNECTIONS = 10_000;
    static final int MESSAGES = 5;
    static final int DIALS_IN_FLIGHT = 256;
    static final int PROCS = 2;
    static final int EXTRA_MS = 3;
    static final int DEADLINE_SECONDS = 120;

    @Test
    void tenThousandConnections() throws Exception {
        Outcome o = serve("plain", new Load() {});
        o.assertEchoed(PROCS);
    }

    @Test
    void tenThousandConnectionsWithForEachPAndStopTheWorld() throws Exception {
        SafePointRounds rounds = new SafePointRounds();
        Outcome o = serve("forEachP+STW", rounds);
        System.out.printf("  forEachP rounds=%,d STW rounds=%,d violations=%d%n", rounds.forEachP, rounds.stw,
                rounds.violations.size());
        assertThat(rounds.violations).as("forEachP violations").isEmpty();
        assertThat(rounds.forEachP).as("forEachP rounds").isPositive();
        assertThat(o.stats.forEachPRounds()).as("forEachP rounds the runtime counted").isEqualTo(rounds.forEachP);
        assertThat(o.stats.stwRounds()).as("STW rounds the runtime counted").isEqualTo(rounds.stw);
        o.assertEchoed(PROCS);
    }

    @Test
    void tenThousandConnectionsWithGomaxprocsChanges() throws Exception {
        GomaxprocsChanges changes = new GomaxprocsChanges();
        Outcome o = serve("GOMAXPROCS 2→4→1→2", changes);
        System.out.println("  GOMAXPROCS changes: " + changes.seen);
        assertThat(changes.seen).as("GOMAXPROCS changes").containsExactly(4, 1, 2);
        assertThat(o.stats.stwRounds()).as("one stop-the-world per change").isEqualTo(3);
        o.assertEchoed(4);
    }

    // ------------------------------------------------------------------------------------------------ the server

    /** What a scenario adds to the echo: started before the child, told of progress, stopped once it exited. */
    interface Load {
        default void start() {}

        /** Called by the accepting goroutine after its n-th accept. */
        default void accepted(int n) {}

        default void stop() {}
    }

    /** What the server saw and what the child printed. */
    record Outcome(String name, RuntimeStats stats, int maxLive, int accepted, long bytesEchoed,
                   List<String> serverErrors, int exitCode, String output, long millis) {
        void assertEchoed(int maxProcs) {
            Matcher m = Pattern.compile("RESULT connections=(\\d+) concurrent=(\\d+) roundTrips=(\\d+)"
                    + " mismatches=(\\d+) errors=(\\d+)").matcher(output);
            assertThat(m.find()).as("the client's result line in:%n%s", output).isTrue();
            assertThat(serverErrors).as("server errors").isEmpty();
            assertThat(exitCode).as("the client's exit code; its output:%n%s", output).isZero();
            assertThat(Long.parseLong(m.group(5))).as("client errors; its output:%n%s", output).isZero();
            assertThat(Long.parseLong(m.group(4))).as("mismatched echoes; output:%n%s", output).isZero();
            assertThat(Integer.parseInt(m.group(2))).as("connections open at once (client)").isEqualTo(CONNECTIONS);
            assertThat(maxLive).as("connections served at once (server)").isEqualTo(CONNECTIONS);
            assertThat(accepted).as("connections accepted").isEqualTo(CONNECTIONS);
            assertThat(Long.parseLong(m.group(3))).as("round trips").isEqualTo((long) CONNECTIONS * MESSAGES);
            assertThat(bytesEchoed).as("bytes echoed").isEqualTo((long) CONNECTIONS * MESSAGES
                    * EchoStressClient.MESSAGE);
            assertThat(stats.threads()).as("Ms at most GOMAXPROCS %d + %d", maxProcs, EXTRA_MS)
                    .isLessThanOrEqualTo(maxProcs + EXTRA_MS);
        }
    }

    private static Outcome serve(String name, Load load) throws Exception {
        Path out = Files.createTempFile("net-stress-client", ".txt");
        Server server = new Server(load, out);
        AtomicReference<GoRuntime> ran = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (Watchdog watchdog = new Watchdog("net-stress-watchdog")) {
            watchdog.after(Duration.ofSeconds(DEADLINE_SECONDS), () -> {
                Process p = server.child.get();
                if (p != null) {
                    p.destroyForcibly();                  // the connections end: the server's goroutines return
                }
            });
            // The runtime runs on a thread of its own, so that a runtime that does not stop when interrupted (its
            // Ms stuck in goroutines that never call into the runtime) fails the test instead of hanging it.
            Thread runner = new Thread(() -> {
                try {
                    ran.set(server.run());
                } catch (RuntimeException | Error e) {
                    failed.set(e);
                }
            }, "net-stress-run");
            runner.setDaemon(true);
            runner.start();
            runner.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS + 30));
            if (runner.isAlive()) {
                printRuntimeThreads(name);
                runner.interrupt();                       // stops the runtime: run throws CancellationException
                runner.join(TimeUnit.SECONDS.toMillis(30));
                throw new AssertionError("net stress [" + name + "]: the runtime hung past " + (DEADLINE_SECONDS + 30)
                        + " s (accepted " + server.accepted.get() + ", bytes echoed " + server.bytesEchoed.sum()
                        + "; " + (runner.isAlive() ? "it did not stop when interrupted" : "stopped: " + failed.get())
                        + ")");
            }
        }
        if (failed.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failed.get() instanceof Error e) {
            throw e;
        }
        GoRuntime rt = ran.get();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Process p = server.child.get();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        RuntimeStats s = rt.stats();
        System.out.printf("net stress [%s, %s]: %d ms, connections accepted=%,d served at once=%,d bytes echoed=%,d"
                        + " Ms=%d (sampled max %d) goroutines=%,d%n  client: %s%n",
                name, System.getProperty("gort.test.goroutines", "virtual"), millis, server.accepted.get(),
                server.maxLive.get(), server.bytesEchoed.sum(), s.threads(),
                server.mSamples.stream().mapToInt(Integer::intValue).max().orElse(0), s.goroutinesCreated(),
                output.strip().replace("\n", "\n  client: "));
        return new Outcome(name, s, server.maxLive.get(), server.accepted.get(), server.bytesEchoed.sum(),
                List.copyOf(server.errors), p.exitValue(), output, millis);
    }

    /**
     * The echo server of one scenario and what it saw. Field table: the counters and errors are atomics written
     * by the server's goroutines; child is set by main; mSamples is main's own; the test thread reads them all
     * once the runtime has ended (or, to report a hang, racily).
     */
    static final class Server {
        final Load load;
        final Path out;
        final AtomicReference<Process> child = new AtomicReference<>();
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger maxLive = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final LongAdder bytesEchoed = new LongAdder();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final List<Integer> mSamples = new ArrayList<>();

        Server(Load load, Path out) {
            this.load = load;
            this.out = out;
        }

        /** Runs the server's runtime until the child has exited and every connection has been served. */
        GoRuntime run() {
            return TestRuntimes.withRuntime(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(PROCS)), self -> {
                Listener ln = NetTests.io(() -> Net.listen("tcp", "127.0.0.1:0"));
                WaitGroup acceptor = new WaitGroup();
                WaitGroup conns = new WaitGroup();
                acceptor.add(1);
                Go.go(() -> {
                    try {
                        while (true) {
                            Conn c = ln.accept();
                            load.accepted(accepted.incrementAndGet());
                            maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                            conns.add(1);
                            Go.go(() -> echo(c, conns));
                        }
                    } catch (ClosedConnectionException e) {
                        // the listener closed: the child has exited
                    } catch (IOException e) {
                        errors.add("accept: " + e);
                    } finally {
                        acceptor.done();
                    }
                });
                load.start();
                child.set(syscall(() -> new ProcessBuilder(clientCommand(ln.addr().port()))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start()));
                while (child.get().isAlive()) {
                    mSamples.add(self.stats().threads());
                    Time.sleep(Duration.ofMillis(20));
                }
                load.stop();
                ln.close();
                acceptor.await();
                conns.await();
            });
        }

        private void echo(Conn c, WaitGroup conns) {
            try (c) {
                byte[] buf = new byte[512];
                for (int n; (n = c.read(buf)) > 0; ) {
                    c.write(buf, 0, n);
                    bytesEchoed.add(n);
                }
            } catch (IOException e) {
                errors.add(c + ": " + e);
            } finally {
                live.decrementAndGet();
                conns.done();
            }
        }
    }

    /**
     * For a hang: the stacks of the runtime's threads (Ms, sysmon, timers) with the monitor each waits for and
     * its owner, on stdout. (The goroutines' virtual threads are not listed: the JDK's thread dumps do not see
     * gort's goroutine container.)
     */
    private static void printRuntimeThreads(String name) {
        StringBuilder b = new StringBuilder("net stress [" + name + "] hung; the runtime's threads:\n");
        for (java.lang.management.ThreadInfo t
                : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, false)) {
            if (!t.getThreadName().startsWith("gort-")) {
                continue;
            }
            b.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                b.append(" on ").append(t.getLockName()).append(" owned by ").append(t.getLockOwnerName());
            }
            b.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                b.append("    at ").append(e).append('\n');
            }
        }
        System.out.print(b);
    }

    private static List<String> clientCommand(int port) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("no java command for the client process"));
        String classes;
        try {
            classes = Path.of(EchoStressClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.of(java, "-XX:+UseSerialGC", "-Xmx512m", "-cp", classes, EchoStressClient.class.getName(),
                "127.0.0.1", Integer.toString(port), Integer.toString(CONNECTIONS), Integer.toString(MESSAGES),
                Integer.toString(DIALS_IN_FLIGHT), Integer.toString(DEADLINE_SECONDS - 10));
    }

    // ------------------------------------------------------------------------------------------------ the loads

    /**
     * A goroutine that runs forEachP rounds (checking each ran once per P) with a stop-the-world every fourth,
     * a millisecond apart, from before the child starts until it has exited (at least one round).
     */
    static final class SafePointRounds implements Load {
        final AtomicBoolean stopped = new AtomicBoolean();
        final WaitGroup done = new WaitGroup();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        long forEachP;
        long stw;

        @Override
        public void start() {
            done.add(1);
            Go.go(() -> {
                AtomicIntegerArray ran = new AtomicIntegerArray(64);
                do {
                    Diagnosis.forEachP(ran::incrementAndGet);
                    forEachP++;
                    int procs = Go.gomaxprocs();
                    for (int p = 0; p < procs; p++) {
                        int n = ran.getAndSet(p, 0);
                        if (n != 1) {
                            violations.add("round " + forEachP + ": forEachP ran " + n + " times on P" + p);
                        }
                    }
                    if (forEachP % 4 == 0) {
                        Diagnosis.stopTheWorld("net stress");
                        Diagnosis.startTheWorld();
                        stw++;
                    }
                    Time.sleep(Duration.ofMillis(1));
                } while (!stopped.get());
                done.done();
            });
        }

        @Override
        public void stop() {
            stopped.set(true);
            done.await();
        }
    }

    /**
     * GOMAXPROCS 2→4 at the 3,000th accept, →1 at the 6,000th, →2 at the 9,000th: the accepting goroutine changes
     * it while the connections accepted so far make their first round trips (counted in accepts, not time, so
     * every run makes the three changes).
     */
    static final class GomaxprocsChanges implements Load {
        final List<Integer> seen = new ArrayList<>();

        @Override
        public void accepted(int n) {
            switch (n) {
                case 3_000 -> change(4);
                case 6_000 -> change(1);
                case 9_000 -> change(2);
                default -> { }
            }
        }

        private void change(int n) {
            Go.gomaxprocs(n);
            seen.add(n);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static <T> T syscall(java.util.concurrent.Callable<T> call) {
        try {
            return Go.syscall(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a system call", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
