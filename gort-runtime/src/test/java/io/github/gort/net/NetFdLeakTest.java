package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No file descriptor outlives its socket (entries of /proc/self/fd): closing every connection and the listener
 * brings the count back to what it was, and so does the end of a runtime whose program left sockets open (NIO
 * releases a registered channel's descriptor only at the next selection: NetPoll.flushClosed and NetPoll.shutdown
 * make that happen). Each scenario runs once to load its classes (a class loaded from a jar not yet opened opens a
 * descriptor), then measured. The count is polled for up to 5 s; the time it took is printed, and the count right
 * after the last close (not asserted: when another M is blocked in the poll, flushClosed only wakes it, and the
 * flush happens on that M a moment later).
 */
class NetFdLeakTest {
    private static final int CONNS = 20;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void closingEverySocketReleasesEveryDescriptor(int procs) {
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
            exchangeAndClose();                               // warm-up: opens the poller's selector, loads classes
            Time.sleep(Duration.ofMillis(20));                // lets the Ms poll: nothing of the warm-up is pending
            long baseline = NetTests.openFds();
            exchangeAndClose();
            long immediate = NetTests.openFds();              // before anything else ran on this M
            long[] settled = settle(baseline, () -> {
                Time.sleep(Duration.ofMillis(1));
                return NetTests.openFds();
            });
            System.out.println("fd leak GOMAXPROCS=" + procs + ": baseline " + baseline + ", right after the last close "
                    + immediate + ", then " + settled[0] + " in " + settled[1] + " ms");
            assertThat(settled[0]).as("open descriptors after every socket closed (baseline %d)", baseline)
                    .isEqualTo(baseline);
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void theEndOfTheRuntimeReleasesSocketsLeftOpen(int procs) throws InterruptedException {
        Config config = TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs));
        TestRuntimes.run(config, NetFdLeakTest::leaveSocketsOpen);   // warm-up
        long baseline = NetTests.openFds();
        AtomicLong during = new AtomicLong();
        TestRuntimes.run(config, () -> {
            leaveSocketsOpen();
            during.set(NetTests.openFds());
        });
        long[] settled = settle(baseline, () -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling the descriptor count", e);
            }
            return NetTests.openFds();
        });
        System.out.println("fd leak at exit GOMAXPROCS=" + procs + ": baseline " + baseline + ", while open "
                + during.get() + ", after run " + settled[0] + " in " + settled[1] + " ms");
        assertThat(during.get()).as("descriptors while the sockets were open").isGreaterThan(baseline + 2 * CONNS);
        assertThat(settled[0]).as("open descriptors after run returned (baseline %d)", baseline).isEqualTo(baseline);
    }

    /** Polls count until it is at most baseline or SETTLE passed: {last count, ms taken}. */
    private static long[] settle(long baseline, LongSupplier count) {
        long t0 = System.nanoTime();
        long n = count.getAsLong();
        while (n > baseline && System.nanoTime() - t0 < SETTLE.toNanos()) {
            n = count.getAsLong();
        }
        return new long[] {n, (System.nanoTime() - t0) / 1_000_000};
    }

    /** A listener and CONNS connections, both ends, one round trip each, then everything closed. */
    private static void exchangeAndClose() {
        Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
        WaitGroup served = new WaitGroup();
        served.add(CONNS);
        Go.go(() -> {
            for (int i = 0; i < CONNS; i++) {
                Conn s = io(ln::accept);
                Go.go(() -> {
                    try (s) {
                        byte[] b = new byte[16];
                        for (int n; (n = io(() -> s.read(b))) > 0; ) {
                            int len = n;
                            io(() -> s.write(b, 0, len));
                        }
                    } finally {
                        served.done();
                    }
                });
            }
        });
        List<Conn> clients = new ArrayList<>();
        for (int i = 0; i < CONNS; i++) {
            Conn c = io(() -> Net.dial("tcp", ln.addr().toString()));
            clients.add(c);
            io(() -> c.write(new byte[] {(byte) 1, 2, 3}));
        }
        for (Conn c : clients) {
            byte[] b = new byte[3];
            int got = 0;
            while (got < 3) {
                int off = got;
                got += io(() -> c.read(b, off, 3 - off));
            }
            c.close();
        }
        served.await();                                     // every server end closed
        ln.close();
    }

    /** A listener and CONNS connections, both ends, left open when main returns. */
    private static void leaveSocketsOpen() {
        Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
        for (int i = 0; i < CONNS; i++) {
            Conn c = io(() -> Net.dial("tcp", ln.addr().toString()));
            Conn s = io(ln::accept);
            io(() -> c.write(new byte[] {1}));
            assertThat(io(() -> s.read(new byte[1]))).isEqualTo(1);
        }
    }
}
