package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static io.github.gort.net.NetTests.ioRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end of the stream and half-close (Go: net_test.go TestCloseRead, TestCloseWrite): Go's {@code (0, io.EOF)}
 * is a read that returns -1 here.
 */
class ConnEofTest {
    private static Config config(int procs) {
        return TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs));
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aReaderBlockedWhenThePeerClosesReadsTheEnd(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                Chan<Object> outcome = Chan.make(1);
                Go.go(() -> {
                    try {
                        byte[] b = new byte[8];
                        int first = p.client().read(b);
                        int second = p.client().read(b);
                        outcome.send(first + "," + b[0] + "," + second);
                    } catch (IOException e) {
                        outcome.send(e);
                    }
                });
                NetTests.awaitPollWaiters(1);
                io(() -> p.server().write(new byte[] {9}));
                p.server().close();
                assertThat(outcome.recv()).as("read counts and byte").isEqualTo("1,9,-1");
                assertThat(io(() -> p.client().read(new byte[1]))).as("read at the end, again").isEqualTo(-1);
            }
        });
    }

    /** Go: TestCloseWrite. The peer reads the end, can still write back, and closes its own writing side. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void closeWriteSendsTheEndAndTheOtherDirectionStillWorks(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                Chan<String> server = Chan.make(1);
                Go.go(() -> {
                    try {
                        byte[] b = new byte[1];
                        int n = p.server().read(b);
                        p.server().write("REPLY".getBytes());
                        p.server().closeWrite();
                        server.send("read " + n);
                    } catch (IOException e) {
                        server.send(e.toString());
                    }
                });
                ioRun(() -> p.client().closeWrite());
                assertThat(server.recv()).as("what the peer read after closeWrite").isEqualTo("read -1");
                byte[] reply = new byte[5];
                int got = 0;
                while (got < reply.length) {
                    int off = got;
                    int n = io(() -> p.client().read(reply, off, reply.length - off));
                    assertThat(n).as("read before the reply ended").isPositive();
                    got += n;
                }
                assertThat(new String(reply)).isEqualTo("REPLY");
                assertThat(io(() -> p.client().read(new byte[1]))).as("read after the peer's closeWrite").isEqualTo(-1);

                // Go: a write after CloseWrite fails (write(2) gets EPIPE: "write: broken pipe").
                Throwable e = catchThrowable(() -> p.client().write(new byte[1]));
                assertThat(e).isInstanceOf(OpException.class)
                        .hasMessage(p.clientText("write", "write: broken pipe"));
            }
        });
    }

    /** Go: TestCloseRead. Reads on the closed side return the end; our writing side still works. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void closeReadEndsOurReads(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                ioRun(() -> p.client().closeRead());
                assertThat(io(() -> p.client().read(new byte[1]))).isEqualTo(-1);
                assertThat(io(() -> p.client().read(new byte[1]))).isEqualTo(-1);
                io(() -> p.client().write(new byte[] {3}));            // our writing side is open
                assertThat(io(() -> p.server().read(new byte[1]))).isEqualTo(1);
            }
        });
    }
}
