package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deadlock detector (Go: proc.go checkdead) and the network poller: a goroutine waiting on a socket can be
 * woken from outside the runtime, so every goroutine asleep with one of them in the poller is no deadlock; once
 * the sockets are closed and every goroutine waits on a channel nobody can send to, it is.
 */
class NetDeadlockTest {
    private static final Duration HANG = Duration.ofSeconds(20);

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void silentWhileAGoroutineWaitsOnASocketThatAPlainThreadWritesLater(int procs) throws InterruptedException {
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread[] writer = new Thread[1];
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
            try (Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"))) {
                int port = ln.addr().port();
                // A plain Java thread, outside the runtime: connects, and writes only after 300 ms.
                writer[0] = new Thread(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        Thread.sleep(300);
                        OutputStream out = s.getOutputStream();
                        out.write(77);
                        out.flush();
                        s.getInputStream().read();           // until the goroutine side closes
                    } catch (IOException | InterruptedException e) {
                        writerFailed.set(e);
                    }
                }, "plain-writer");
                writer[0].start();
                Conn c = io(ln::accept);
                Chan<Integer> got = Chan.make();
                Go.go(() -> {
                    byte[] b = new byte[1];
                    int n = io(() -> c.read(b));
                    got.send(n < 0 ? -1 : b[0] & 0xFF);
                });
                // main waits on a channel and the reader in the poller: every goroutine is asleep for ~300 ms.
                assertThat(got.recv()).as("the byte the plain thread wrote").isEqualTo(77);
                c.close();
            }
        });
        writer[0].join(HANG.toMillis());
        assertThat(writer[0].isAlive()).as("plain writer thread still running").isFalse();
        assertThat(writerFailed.get()).isNull();
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void firesWhenAfterTheSocketsClosedEveryGoroutineWaitsOnAChannel(int procs) throws InterruptedException {
        Throwable outcome = TestRuntimes.failureWithin(HANG, Config.defaults().gomaxprocs(procs), () -> {
            NetTests.Pair p = NetTests.Pair.open();
            Chan<Object> never = Chan.make();
            Go.go(() -> {
                try {
                    p.server().read(new byte[1]);           // woken by the close below, then waits for ever
                } catch (IOException e) {
                    never.recv();
                    return;
                }
                throw new UncheckedIOException(new IOException("the read returned instead of failing"));
            });
            NetTests.awaitPollWaiters(1);
            p.server().close();                              // first: the reader must fail, not read the client's FIN
            p.close();
            Chan.<Object>make().recv();                      // and so does main
        });
        assertThat(outcome).isInstanceOf(FatalError.class).hasMessage("all goroutines are asleep - deadlock!");
    }
}
