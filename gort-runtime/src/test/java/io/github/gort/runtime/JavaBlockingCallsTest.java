package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.gort.internal.scheduler.M;
import io.github.gort.testing.TestRuntimes;
import io.github.gort.testing.Watchdog;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;


import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures which Java calls park a goroutine by themselves (its M and P run other goroutines meanwhile) and which
 * hold its M (they need {@link Go#syscall}), in the virtual-thread mode at GOMAXPROCS 1.
 *
 * <p>Method, for each call X: goroutine A makes X, which blocks until something releases it; goroutine B waits
 * for A to be in X (gosched until A's flag says so) and then releases X. With one P, B can run while A is in X
 * only if X gave the P up:
 * <ul>
 *   <li>B ran on A's M while A was in X: X <b>parks the goroutine</b> (frees its M and P);</li>
 *   <li>B did not run while A was in X (a watchdog thread, not a goroutine, released X after {@link #RESCUE}):
 *       X <b>holds the M</b>, and its P with it;</li>
 *   <li>B ran on another M while A was in X: X <b>holds the M</b>, and the P was handed off (Go.syscall).</li>
 * </ul>
 * Each test asserts the class measured equals the one expected, so a JDK that changes fails here. The table is
 * printed to stdout and written to {@code target/java-blocking-calls.md} after the class.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaBlockingCallsTest {
    /** How long a call may block before the watchdog releases it: the calls that park are released in ms. */
    private static final Duration RESCUE = Duration.ofSeconds(3);

    /** What a blocking call did with its goroutine's M and P. */
    enum Verdict {
        PARKS("parks the goroutine"),
        HOLDS_M("holds the M (and its P)"),
        HOLDS_M_P_HANDED_OFF("holds the M; the P is handed off");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** One row of the table. */
    record Row(String call, Verdict verdict, String how) {}

    /** The rows measured so far, by their place in the table; written by the tests (one at a time). */
    private static final Map<Integer, Row> TABLE = new TreeMap<>();

    /** A blocking call, or what releases it. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Watchdog watchdog;

    /**
     * The table is the virtual-thread mode's: skipped where the test run turns the mode (the build's
     * continuation-mode execution, {@link TestRuntimes#inTestMode}).
     */
    @BeforeAll
    static void inTheVirtualThreadMode() {
        assumeThat(TestRuntimes.inTestMode(config()).goroutineMode()).as("the goroutine mode of this test run")
                .isEqualTo(GoroutineMode.VIRTUAL_THREAD);
    }

    @BeforeEach
    void startWatchdog() {
        watchdog = new Watchdog("java-blocking-calls-watchdog");
    }

    @AfterEach
    void stopWatchdog() {
        watchdog.close();
    }

    @AfterAll
    static void writeTable() throws IOException {
        if (TABLE.isEmpty()) {
            return;                                          // skipped: keep the table of the last measuring run
        }
        StringBuilder md = new StringBuilder();
        md.append("Java calls in a goroutine, measured by JavaBlockingCallsTest on JDK ").append(Runtime.version())
                .append(" (virtual-thread mode, GOMAXPROCS 1; A makes the call, B is the other goroutine):\n\n");
        md.append("| call | parks the goroutine / holds the M | measured how |\n");
        md.append("|---|---|---|\n");
        synchronized (TABLE) {
            for (Row r : TABLE.values()) {
                md.append("| ").append(r.call()).append(" | ").append(r.verdict().text).append(" | ")
                        .append(r.how()).append(" |\n");
            }
        }
        System.out.print("\n" + md);
        Path out = Path.of(System.getProperty("basedir", "."), "target", "java-blocking-calls.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static Config config() {
        return Config.defaults().gomaxprocs(1).goroutineMode(GoroutineMode.VIRTUAL_THREAD);
    }

    /**
     * Measures call (which blocks until release runs) as the class comment says, records the row at place in the
     * table, and asserts the verdict is expected.
     */
    private void classify(int place, String call, Verdict expected, Action block, Action release) {
        AtomicBoolean released = new AtomicBoolean();
        AtomicReference<String> releasedBy = new AtomicReference<>();
        AtomicReference<Throwable> releaseFailure = new AtomicReference<>();
        java.util.function.Consumer<String> releaseAs = who -> {
            if (released.compareAndSet(false, true)) {
                releasedBy.set(who);
                try {
                    release.run();
                } catch (Exception | Error e) {
                    releaseFailure.set(e);
                }
            }
        };
        watchdog.after(RESCUE, () -> releaseAs.accept("the watchdog"));
        AtomicBoolean inCall = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicReference<M> blockerM = new AtomicReference<>();
        AtomicReference<M> otherM = new AtomicReference<>();        // B's M, if B ran while A was in the call
        AtomicReference<M> otherMSeenByA = new AtomicReference<>();
        long[] elapsedNanos = new long[1];
        TestRuntimes.run(config(), () -> {
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {                                            // A
                blockerM.set(M.current());
                long start = System.nanoTime();
                inCall.set(true);
                try {
                    block.run();
                } catch (Exception e) {
                    throw new IllegalStateException(call + " failed", e);
                }
                otherMSeenByA.set(otherM.get());
                inCall.set(false);
                returned.set(true);
                elapsedNanos[0] = System.nanoTime() - start;
                done.send(true);
            });
            Go.go(() -> {                                            // B
                while (!inCall.get() && !returned.get()) {
                    Go.gosched();
                }
                if (inCall.get()) {
                    otherM.set(M.current());
                    releaseAs.accept("goroutine B");
                }
                done.send(true);
            });
            Chan<java.time.Instant> deadline = Time.after(RESCUE.multipliedBy(5));
            for (int i = 0; i < 2; i++) {
                boolean[] timedOut = {false};
                Select.of().recv(done).recv(deadline, t -> timedOut[0] = true).run();
                if (timedOut[0]) {
                    fail(call + ": " + i + " of 2 goroutines finished within " + RESCUE.multipliedBy(5).toSeconds()
                            + " s");
                }
            }
        });
        assertThat(releaseFailure.get()).as("the release of " + call).isNull();
        M seen = otherMSeenByA.get();
        Verdict verdict = seen == null ? Verdict.HOLDS_M
                : seen == blockerM.get() ? Verdict.PARKS : Verdict.HOLDS_M_P_HANDED_OFF;
        String ms = String.format("%.1f ms", elapsedNanos[0] / 1e6);
        String how = switch (verdict) {
            case PARKS -> "B ran on A's M during the call and released it (" + ms + ")";
            case HOLDS_M -> releasedBy.get() == null
                    ? "returned by itself (" + ms + "); B ran only after it"
                    : "B did not run during the call; " + releasedBy.get() + " ended it (" + ms + ")";
            case HOLDS_M_P_HANDED_OFF -> "B ran on another M during the call and released it (" + ms + ")";
        };
        addRow(place, new Row(call, verdict, how));
        assertThat(verdict).as(call + ": " + how).isEqualTo(expected);
    }

    private static void addRow(int place, Row row) {
        synchronized (TABLE) {
            TABLE.put(place, row);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A platform thread that holds a lock (through take) until released; started before the runtime. */
    private static Thread holder(Runnable holdUntilReleased, CountDownLatch holding) throws InterruptedException {
        Thread t = new Thread(holdUntilReleased, "lock-holder");
        t.setDaemon(true);
        t.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder took the lock").isTrue();
        return t;
    }

    @Test
    void reentrantLockLock() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread h = holder(() -> {
            lock.lock();
            try {
                holding.countDown();
                awaitUninterruptibly(letGo);
            } finally {
                lock.unlock();
            }
        }, holding);
        classify(1, "`ReentrantLock.lock` (held by another thread)", Verdict.PARKS, () -> {
            lock.lock();
            lock.unlock();
        }, letGo::countDown);
        h.join(10_000);
    }

    @Test
    void monitorEnter() throws InterruptedException {
        Object monitor = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread h = holder(() -> {
            synchronized (monitor) {
                holding.countDown();
                awaitUninterruptibly(letGo);
            }
        }, holding);
        classify(2, "`synchronized` (monitor enter, held by another thread)", Verdict.PARKS, () -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }, letGo::countDown);
        h.join(10_000);
    }

    @Test
    void objectWait() {
        Object monitor = new Object();
        boolean[] notified = {false};
        classify(3, "`Object.wait`", Verdict.PARKS, () -> {
            synchronized (monitor) {
                while (!notified[0]) {
                    monitor.wait();
                }
            }
        }, () -> {
            synchronized (monitor) {
                notified[0] = true;
                monitor.notifyAll();
            }
        });
    }

    @Test
    void threadSleep() {
        AtomicBoolean enough = new AtomicBoolean();
        classify(4, "`Thread.sleep` (10 ms steps until released)", Verdict.PARKS, () -> {
            while (!enough.get()) {
                Thread.sleep(10);
            }
        }, () -> enough.set(true));
    }

    @Test
    void lockSupportPark() {
        AtomicBoolean permit = new AtomicBoolean();
        AtomicReference<Thread> parked = new AtomicReference<>();
        classify(5, "`LockSupport.park`", Verdict.PARKS, () -> {
            parked.set(Thread.currentThread());
            while (!permit.get()) {
                LockSupport.park(this);
            }
        }, () -> {
            permit.set(true);
            Thread t = parked.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
        });
    }

    @Test
    void blockingQueueTake() {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        classify(6, "`BlockingQueue.take` (`LinkedBlockingQueue`)", Verdict.PARKS, queue::take,
                () -> queue.add("item"));
    }

    @Test
    void completableFutureGet() {
        CompletableFuture<String> future = new CompletableFuture<>();
        classify(7, "`CompletableFuture.get`", Verdict.PARKS, future::get, () -> future.complete("done"));
    }

    @Test
    void semaphoreAcquire() {
        Semaphore semaphore = new Semaphore(0);
        classify(8, "`Semaphore.acquire`", Verdict.PARKS, semaphore::acquire, semaphore::release);
    }

    @Test
    void countDownLatchAwait() {
        CountDownLatch latch = new CountDownLatch(1);
        classify(9, "`CountDownLatch.await`", Verdict.PARKS, latch::await, latch::countDown);
    }

    @Test
    void serverSocketAccept() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            classify(10, "`ServerSocket.accept` (loopback)", Verdict.PARKS, () -> server.accept().close(),
                    () -> clients.add(new Socket(lo, server.getLocalPort())));
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    @Test
    void socketInputStreamRead() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, lo);
             Socket client = new Socket(lo, server.getLocalPort());
             Socket accepted = server.accept()) {
            classify(11, "`Socket` `InputStream.read` (loopback)", Verdict.PARKS,
                    () -> accepted.getInputStream().read(), () -> client.getOutputStream().write(7));
        }
    }

    @Test
    void socketChannelRead() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            classify(12, "`SocketChannel.read` (blocking mode, loopback)", Verdict.PARKS,
                    () -> accepted.read(ByteBuffer.allocate(16)), () -> client.write(ByteBuffer.wrap(new byte[] {7})));
        }
    }

    @Test
    void processWaitFor() throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            classify(13, "`Process.waitFor` (`cat`, ended by closing its stdin)", Verdict.PARKS, cat::waitFor,
                    () -> cat.getOutputStream().close());
        } finally {
            cat.destroyForcibly();
            cat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A FIFO in dir with a writer held open (O_RDWR, which does not wait for a reader on Linux). */
    private static Path fifo(Path dir) throws IOException, InterruptedException {
        Path fifo = dir.resolve("fifo");
        int status;
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            status = p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            status = -1;
        }
        assumeThat(status).as("mkfifo made a named pipe").isZero();
        return fifo;
    }

    @Test
    void fileInputStreamReadOnAFifo(@TempDir Path dir) throws IOException, InterruptedException {
        Path fifo = fifo(dir);
        try (RandomAccessFile writer = new RandomAccessFile(fifo.toFile(), "rw");
             FileInputStream in = new FileInputStream(fifo.toFile())) {
            classify(14, "`FileInputStream.read` (a named pipe)", Verdict.HOLDS_M, in::read, () -> writer.write(7));
        }
    }

    @Test
    void filesReadAllBytesOnAFifo(@TempDir Path dir) throws IOException, InterruptedException {
        Path fifo = fifo(dir);
        RandomAccessFile writer = new RandomAccessFile(fifo.toFile(), "rw");
        try {
            classify(15, "`Files.readAllBytes` (a named pipe, until its writer closes)", Verdict.HOLDS_M,
                    () -> Files.readAllBytes(fifo), () -> {
                        writer.write(7);
                        writer.close();
                    });
        } finally {
            writer.close();
        }
    }

    @Test
    void filesReadAllBytesOfASmallFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("small.txt"), "a small file");
        AtomicReference<String> read = new AtomicReference<>();
        classify(16, "`Files.readAllBytes` (a small regular file: no wait to see; the named-pipe row is the same"
                        + " call waiting)", Verdict.HOLDS_M,
                () -> read.set(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)), () -> { });
        assertThat(read).hasValue("a small file");
    }

    /** Released by CLASS_INIT_RELEASE; initialized once per JVM, by {@link #blockingClassInitializer}. */
    static final CountDownLatch CLASS_INIT_RELEASE = new CountDownLatch(1);

    static final class BlockingInit {
        static final long INITIALIZED_AT;

        static {
            awaitUninterruptibly(CLASS_INIT_RELEASE);
            INITIALIZED_AT = System.nanoTime();
        }

        private BlockingInit() {}
    }

    @Test
    void blockingClassInitializer() {
        long[] at = new long[1];
        classify(17, "a class initializer that waits (`static {}` awaiting a `CountDownLatch`)", Verdict.HOLDS_M,
                () -> at[0] = BlockingInit.INITIALIZED_AT, CLASS_INIT_RELEASE::countDown);
        assertThat(at[0]).isNotZero();
    }

    @Test
    void callInsideGoSyscall() {
        CountDownLatch latch = new CountDownLatch(1);
        classify(18, "`CountDownLatch.await` inside `Go.syscall`", Verdict.HOLDS_M_P_HANDED_OFF,
                () -> Go.syscall(() -> {
                    latch.await();
                    return null;
                }), latch::countDown);
    }
}
