package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.gort.testing.TestRuntimes;
import io.github.gort.testing.Watchdog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;


import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11's "must show": ordinary, thread-bound Java inside goroutines. In the virtual-thread mode (the default)
 * each goroutine has its own {@code Thread}, so lock ownership, monitors, {@code ThreadLocal}s and the JDK's
 * blocking calls behave as in any Java program; each case here fails in the continuation mode, where goroutines
 * share their M's thread. So the class skips itself in a continuation-mode run ({@link TestRuntimes#inTestMode};
 * the build's continuation-mode execution runs whatever {@code -Dtest} names); to see the failures, which each
 * test's comment lists, run it with {@code -Dgort.test.goroutines=continuation
 * -Dgort.test.showContinuationFailures=true}.
 *
 * <p>Every wait is bounded: a goroutine that must be released is also released by a watchdog (a platform thread,
 * not a goroutine) after {@link #RESCUE}, so a wrong mode ends in a failed assertion; the class timeout stops a
 * runtime whose Ms are all stuck (which the watchdog cannot help).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaInGoroutinesTest {
    /** How long a release that must come from a goroutine may take before the watchdog gives it instead. */
    private static final Duration RESCUE = Duration.ofSeconds(10);
    /** How long main waits for its goroutines; longer than RESCUE, so the watchdog's outcome can be seen. */
    private static final Duration FINISH = Duration.ofSeconds(30);

    private Watchdog watchdog;

    @BeforeAll
    static void inTheVirtualThreadMode() {
        if (!Boolean.getBoolean("gort.test.showContinuationFailures")) {
            assumeThat(TestRuntimes.inTestMode(config(1)).goroutineMode()).as("the goroutine mode of this test run")
                    .isEqualTo(GoroutineMode.VIRTUAL_THREAD);
        }
    }

    @BeforeEach
    void startWatchdog() {
        watchdog = new Watchdog("java-in-goroutines-watchdog");
    }

    @AfterEach
    void stopWatchdog() {
        watchdog.close();
    }

    /** The default goroutine mode; -Dgort.test.goroutines=continuation turns it (TestRuntimes.inTestMode). */
    private static Config config(int gomaxprocs) {
        return Config.defaults().gomaxprocs(gomaxprocs);
    }

    /** Runs rescue on the watchdog after RESCUE, unless the test has ended. */
    private void rescueLater(Runnable rescue) {
        watchdog.after(RESCUE, rescue);
    }

    /** Waits in main for n values on done, for at most FINISH; fails naming how many came. */
    private static void awaitGoroutines(Chan<Boolean> done, int n) {
        Chan<java.time.Instant> deadline = Time.after(FINISH);
        for (int i = 0; i < n; i++) {
            boolean[] timedOut = {false};
            Select.of().recv(done).recv(deadline, t -> timedOut[0] = true).run();
            if (timedOut[0]) {
                fail(i + " of " + n + " goroutines finished within " + FINISH.toSeconds() + " s");
            }
        }
    }

    /** A park in gort: a sleep on even rounds, a gosched on odd ones. */
    private static void goPark(int round) {
        if (round % 2 == 0) {
            Time.sleep(Duration.ofMillis(1));
        } else {
            Go.gosched();
        }
    }

    private static <T> T syscall(java.util.concurrent.Callable<T> call) {
        try {
            return Go.syscall(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("syscall", e);
        }
    }

    /**
     * A ReentrantLock excludes goroutines that park while holding it. Continuation mode: every goroutine on one
     * carrier "owns" the lock (overlaps at GOMAXPROCS 1), then an unlock from the wrong carrier throws
     * IllegalMonitorStateException (GOMAXPROCS 2).
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void reentrantLockExcludesGoroutinesThatParkInside(int gomaxprocs) {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sections = new AtomicInteger();
        TestRuntimes.run(config(gomaxprocs), () -> {
            Chan<Boolean> done = Chan.make(8);
            for (int g = 0; g < 8; g++) {
                Go.go(() -> {
                    for (int i = 0; i < 50; i++) {
                        lock.lock();
                        try {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            goPark(i);
                            inside.decrementAndGet();
                            sections.incrementAndGet();
                        } finally {
                            lock.unlock();
                        }
                    }
                    done.send(true);
                });
            }
            awaitGoroutines(done, 8);
        });
        assertThat(overlaps).as("critical sections entered while another goroutine was inside").hasValue(0);
        assertThat(sections).hasValue(400);
        assertThat(lock.isLocked()).isFalse();
    }

    /**
     * The README's pattern: take the lock inside Go.syscall (a contended lock blocks the M, the P is handed off),
     * park holding it, unlock outside. The goroutine is the owner, whichever M it runs on. Continuation mode:
     * IllegalMonitorStateException (the goroutine leaves the syscall on another M) or a hang.
     */
    @Test
    void lockTakenInsideSyscallIsOwnedByTheGoroutine() {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sections = new AtomicInteger();
        TestRuntimes.run(config(2), () -> {
            Chan<Boolean> done = Chan.make(4);
            for (int g = 0; g < 4; g++) {
                Go.go(() -> {
                    for (int i = 0; i < 10; i++) {
                        syscall(() -> {
                            lock.lock();
                            return null;
                        });
                        try {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            Time.sleep(Duration.ofMillis(1));
                            inside.decrementAndGet();
                            sections.incrementAndGet();
                        } finally {
                            lock.unlock();
                        }
                    }
                    done.send(true);
                });
            }
            awaitGoroutines(done, 4);
        });
        assertThat(overlaps).hasValue(0);
        assertThat(sections).hasValue(40);
        assertThat(lock.isLocked()).isFalse();
    }

    /**
     * synchronized with a park inside (a gort sleep, a channel receive): mutual exclusion holds and every
     * goroutine finishes. Continuation mode: at GOMAXPROCS 1 every goroutine enters the carrier's monitor
     * (overlaps); at 2 the Ms block on the monitor, a hang with no deadlock report.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void synchronizedExcludesGoroutinesThatParkInside(int gomaxprocs) {
        Object monitor = new Object();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sections = new AtomicInteger();
        TestRuntimes.run(config(gomaxprocs), () -> {
            Chan<Boolean> done = Chan.make(6);
            for (int g = 0; g < 6; g++) {
                Go.go(() -> {
                    for (int i = 0; i < 20; i++) {
                        synchronized (monitor) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (i % 2 == 0) {
                                Time.sleep(Duration.ofMillis(1));
                            } else {
                                Time.after(Duration.ofMillis(1)).recv();       // a channel receive
                            }
                            inside.decrementAndGet();
                            sections.incrementAndGet();
                        }
                    }
                    done.send(true);
                });
            }
            awaitGoroutines(done, 6);
        });
        assertThat(overlaps).hasValue(0);
        assertThat(sections).hasValue(120);
    }

    /**
     * Each goroutine has its own ThreadLocal value and its own Thread, a virtual one, the same object across its
     * parks; the 200 goroutines of a wave are alive together (they wait for main's start), so their Threads are
     * distinct. A second wave reuses the first's G structs (a G keeps its virtual thread, as Go keeps a dead G's
     * stack): it starts with no ThreadLocal value. Continuation mode: Thread.currentThread() is the M's platform
     * thread, and reads after a park return another goroutine's value.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void threadLocalsAndThreadIdentityArePerGoroutine(int gomaxprocs) {
        int goroutines = 200;
        ThreadLocal<Integer> mine = new ThreadLocal<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger threadChanges = new AtomicInteger();
        AtomicInteger platformThreads = new AtomicInteger();
        AtomicInteger inherited = new AtomicInteger();
        List<Set<Thread>> threadsOfWave = new ArrayList<>();
        TestRuntimes.run(config(gomaxprocs), () -> {
            for (int wave = 0; wave < 2; wave++) {
                Set<Thread> threads = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
                threadsOfWave.add(threads);
                Chan<Boolean> start = Chan.make();
                Chan<Boolean> done = Chan.make(goroutines);
                for (int g = 0; g < goroutines; g++) {
                    int id = wave * goroutines + g;
                    Go.go(() -> {
                        Thread self = Thread.currentThread();
                        threads.add(self);
                        if (!self.isVirtual()) {
                            platformThreads.incrementAndGet();
                        }
                        if (mine.get() != null) {
                            inherited.incrementAndGet();
                        }
                        mine.set(id);
                        start.recv();                              // all of the wave alive together
                        for (int i = 0; i < 50; i++) {
                            if (i % 10 == 0) {
                                Time.sleep(Duration.ofMillis(1));
                            } else {
                                Go.gosched();
                            }
                            reads.incrementAndGet();
                            if (!Integer.valueOf(id).equals(mine.get())) {
                                mismatches.incrementAndGet();
                            }
                            if (Thread.currentThread() != self) {
                                threadChanges.incrementAndGet();
                            }
                        }
                        done.send(true);
                    });
                }
                start.close();
                awaitGoroutines(done, goroutines);
            }
        });
        assertThat(reads).hasValue(2 * goroutines * 50);
        assertThat(mismatches).as("ThreadLocal reads that returned another goroutine's value").hasValue(0);
        assertThat(threadChanges).as("reads after a park on a Thread other than the goroutine's").hasValue(0);
        assertThat(platformThreads).as("goroutines whose Thread is not virtual").hasValue(0);
        assertThat(inherited).as("goroutines that started with a ThreadLocal value").hasValue(0);
        assertThat(threadsOfWave).allSatisfy(threads ->
                assertThat(threads).as("distinct Threads of 200 live goroutines").hasSize(goroutines));
    }

    /**
     * BlockingQueue.take parks the goroutine at GOMAXPROCS 1: the producer, another goroutine, runs and puts.
     * Continuation mode: take blocks the only P's M, the producer never runs, the watchdog's item comes instead.
     */
    @Test
    void blockingQueueTakeLetsTheProducerRun() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        AtomicReference<String> taken = new AtomicReference<>();
        rescueLater(() -> queue.add("watchdog"));
        TestRuntimes.run(config(1), () -> {
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                try {
                    taken.set(queue.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("take interrupted", e);
                }
                done.send(true);
            });
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(20));          // the consumer is in take by now
                queue.add("producer");
                done.send(true);
            });
            awaitGoroutines(done, 2);
        });
        assertThat(taken).hasValue("producer");
    }

    /**
     * A loopback ServerSocket.accept and the echo's reads park the goroutine at GOMAXPROCS 1 (plain java.net,
     * no Go.syscall): the client goroutine connects, writes, reads the echo. Continuation mode: accept holds the
     * only P; the watchdog closes the server socket (SocketException in accept, the client's read times out).
     */
    @Test
    void loopbackAcceptAndEchoParkTheGoroutine() throws IOException {
        byte[] ping = "ping from a goroutine".getBytes(StandardCharsets.UTF_8);
        AtomicReference<String> echoed = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            rescueLater(() -> closeQuietly(server));
            TestRuntimes.run(config(1), () -> {
                Chan<Boolean> done = Chan.make(2);
                Go.go(() -> {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        byte[] got = in.readNBytes(ping.length);
                        s.getOutputStream().write(got);
                    } catch (IOException e) {
                        throw new UncheckedIOException("server goroutine", e);
                    }
                    done.send(true);
                });
                Go.go(() -> {
                    Time.sleep(Duration.ofMillis(20));      // the server is in accept by now
                    try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        c.setSoTimeout((int) RESCUE.toMillis());
                        OutputStream out = c.getOutputStream();
                        out.write(ping);
                        echoed.set(new String(c.getInputStream().readNBytes(ping.length), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("client goroutine", e);
                    }
                    done.send(true);
                });
                awaitGoroutines(done, 2);
            });
        }
        assertThat(echoed).hasValue("ping from a goroutine");
    }

    /**
     * Thread.sleep frees the P at GOMAXPROCS 1: the other goroutine makes progress while the first sleeps (it
     * sleeps in 10 ms steps until it sees progress, for at most RESCUE). Continuation mode: no progress at all.
     */
    @Test
    void threadSleepFreesThePForAnotherGoroutine() {
        AtomicLong progress = new AtomicLong();
        AtomicLong progressDuringSleep = new AtomicLong(-1);
        TestRuntimes.run(config(1), () -> {
            Chan<Boolean> done = Chan.make(2);
            AtomicInteger sleeperDone = new AtomicInteger();
            Go.go(() -> {
                long before = progress.get();
                long deadline = System.nanoTime() + RESCUE.toNanos();
                try {
                    while (progress.get() == before && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("sleep interrupted", e);
                }
                progressDuringSleep.set(progress.get() - before);
                sleeperDone.set(1);
                done.send(true);
            });
            Go.go(() -> {
                while (sleeperDone.get() == 0) {
                    progress.incrementAndGet();
                    Time.sleep(Duration.ofMillis(1));
                }
                done.send(true);
            });
            awaitGoroutines(done, 2);
        });
        assertThat(progressDuringSleep.get()).as("steps of the other goroutine while one was in Thread.sleep")
                .isPositive();
    }

    /**
     * CompletableFuture.get parks the goroutine at GOMAXPROCS 1; another goroutine completes the future.
     * Continuation mode: get holds the only P; the watchdog completes it exceptionally.
     */
    @Test
    void completableFutureGetParksTheGoroutine() {
        CompletableFuture<String> future = new CompletableFuture<>();
        AtomicReference<String> got = new AtomicReference<>();
        rescueLater(() -> future.completeExceptionally(new IllegalStateException("watchdog: nobody completed it")));
        TestRuntimes.run(config(1), () -> {
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                try {
                    got.set(future.get());
                } catch (ExecutionException e) {
                    got.set(e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("get interrupted", e);
                }
                done.send(true);
            });
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(20));
                future.complete("completed by a goroutine");
                done.send(true);
            });
            awaitGoroutines(done, 2);
        });
        assertThat(got).hasValue("completed by a goroutine");
    }

    /**
     * java.util.logging records the logging thread's id: each goroutine's records, before and after a park, carry
     * its own thread's id, and no two live goroutines share one. Continuation mode: the id is the M's (shared by the
     * goroutines of one M, and it changes when a goroutine moves).
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void javaUtilLoggingSeesEachGoroutinesThread(int gomaxprocs) {
        int goroutines = 20;
        ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        Map<Integer, Long> threadIdOf = new ConcurrentHashMap<>();
        TestRuntimes.run(config(gomaxprocs), () -> {
            Chan<Boolean> start = Chan.make();
            Chan<Boolean> done = Chan.make(goroutines);
            for (int g = 0; g < goroutines; g++) {
                int id = g;
                Go.go(() -> {
                    threadIdOf.put(id, Thread.currentThread().threadId());
                    start.recv();                                  // all alive together: distinct threads
                    for (int i = 0; i < 4; i++) {
                        logger.info(id + " before park " + i);
                        goPark(i);
                        logger.info(id + " after park " + i);
                    }
                    done.send(true);
                });
            }
            start.close();
            awaitGoroutines(done, goroutines);
        });
        List<String> wrong = new ArrayList<>();
        for (LogRecord r : records) {
            int id = Integer.parseInt(r.getMessage().substring(0, r.getMessage().indexOf(' ')));
            if (r.getLongThreadID() != threadIdOf.get(id)) {
                wrong.add("\"" + r.getMessage() + "\" from thread " + r.getLongThreadID() + ", goroutine's thread "
                        + threadIdOf.get(id));
            }
        }
        assertThat(records).hasSize(goroutines * 8);
        assertThat(wrong).as("records whose thread id is not their goroutine's").isEmpty();
        assertThat(Set.copyOf(threadIdOf.values())).as("distinct thread ids of the goroutines").hasSize(goroutines);
    }

    /**
     * A virtual thread that a goroutine starts with the JDK's own builder runs to its end (the JDK gives it its
     * creator's scheduler, here a goroutine's GoroutineThread). The JDK does this itself: the first virtual-thread
     * socket wait in a JVM starts its poller threads from the waiting thread (sun.nio.ch.Poller.&lt;clinit&gt;): taken
     * for wake-ups of the goroutine, they never ran and the initializer died, and with it every later virtual-thread
     * socket wait in the JVM (NoClassDefFoundError).
     */
    @Test
    void virtualThreadStartedInsideAGoroutineRuns() {
        AtomicReference<String> ran = new AtomicReference<>();
        AtomicReference<Boolean> ended = new AtomicReference<>();
        TestRuntimes.run(config(1), () -> {
            Thread t = Thread.ofVirtual().name("started-by-a-goroutine").start(() -> ran.set("ran"));
            try {
                ended.set(t.join(RESCUE));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("join interrupted", e);
            }
        });
        assertThat(ran).hasValue("ran");
        assertThat(ended).hasValue(true);
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            throw new UncheckedIOException("watchdog: close the server socket", e);
        }
    }
}
