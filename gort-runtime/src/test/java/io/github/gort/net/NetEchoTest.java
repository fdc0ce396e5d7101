package io.github.gort.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An echo server and its clients in one runtime: every byte comes back, in order, at GOMAXPROCS 1 and 2, three
 * rounds each. (Repeated, it found a goroutine that unmounted inside the poller while holding its lock, with both
 * Ps spinning for that lock; and a listen backlog of 4.)
 */
class NetEchoTest {
    @Test
    void clientsGetEveryByteBack() {
        for (int round = 0; round < 6; round++) {
            int procs = 1 + round % 2;
            AtomicInteger echoed = new AtomicInteger();
            int conns = 100;
            int rounds = 20;
            TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
                Listener ln = NetTests.io(() -> Net.listen("tcp", "127.0.0.1:0"));
                Go.go(() -> {
                    while (true) {
                        Conn c;
                        try {
                            c = ln.accept();
                        } catch (ClosedConnectionException e) {
                            return;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        Go.go(() -> serve(c));
                    }
                });
                WaitGroup wg = new WaitGroup();
                wg.add(conns);
                for (int i = 0; i < conns; i++) {
                    int id = i;
                    Go.go(() -> {
                        try (Conn c = NetTests.io(() -> Net.dial("tcp", ln.addr().toString()))) {
                            byte[] out = new byte[64];
                            byte[] in = new byte[64];
                            for (int r = 0; r < rounds; r++) {
                                Arrays.fill(out, (byte) (id + r));
                                NetTests.io(() -> c.write(out));
                                int got = 0;
                                while (got < in.length) {
                                    int n = c.read(in, got, in.length - got);
                                    assertThat(n).as("read before the echo ended").isPositive();
                                    got += n;
                                }
                                assertThat(in).isEqualTo(out);
                                echoed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            wg.done();
                        }
                    });
                }
                long t0 = System.nanoTime();
                wg.await();
                System.out.println("echo: GOMAXPROCS=" + Go.gomaxprocs() + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                ln.close();
            });
            assertThat(echoed.get()).as("round trips at GOMAXPROCS=%d", procs).isEqualTo(conns * rounds);
        }
    }

    /**
     * Main returns while goroutines still wait on open connections (server and client ends): the runtime ends
     * at once, as a Go process exits, with no thread left behind (TestRuntimes checks) and every socket closed.
     */
    @Test
    void mainReturningWithConnectionsOpenEndsTheRuntime() {
        for (int procs = 1; procs <= 2; procs++) {
            long t0 = System.nanoTime();
            TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
                Listener ln = NetTests.io(() -> Net.listen("tcp", "127.0.0.1:0"));
                WaitGroup served = new WaitGroup();
                served.add(50);
                Go.go(() -> {
                    for (int i = 0; i < 50; i++) {
                        Conn c = NetTests.io(ln::accept);
                        served.done();
                        Go.go(() -> serve(c));
                    }
                });
                for (int i = 0; i < 50; i++) {
                    Conn c = NetTests.io(() -> Net.dial("tcp", ln.addr().toString()));
                    Go.go(() -> NetTests.io(() -> c.read(new byte[1])));      // waits for ever: nobody writes
                }
                served.await();
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("run returned (GOMAXPROCS=%d)", procs)
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    private static void serve(Conn c) {
        try (c) {
            byte[] buf = new byte[4096];
            for (int n; (n = c.read(buf)) > 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
