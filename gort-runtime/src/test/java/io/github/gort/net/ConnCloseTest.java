package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Close from another goroutine wakes every reader and writer blocked on the connection, and they and every later
 * call fail with {@code use of closed network connection} (Go: net.ErrClosed; timeout_test.go
 * TestReadTimeoutMustNotReturn and TestWriteTimeoutMustNotReturn close a blocked conn and want an error that is
 * not a timeout; net_test.go TestConnClose wants a read after close to fail).
 */
class ConnCloseTest {
    private static final String CLOSED = "use of closed network connection";

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void closeWakesABlockedReaderAndABlockedWriter(int procs) {
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                Conn c = p.client();
                String readText = p.clientText("read", CLOSED);
                String writeText = p.clientText("write", CLOSED);
                Chan<Object> reader = Chan.make(1);
                Chan<Object> writer = Chan.make(1);
                Go.go(() -> {
                    try {
                        reader.send(c.read(new byte[1]));
                    } catch (IOException e) {
                        reader.send(e);
                    }
                });
                Go.go(() -> writer.send(NetTests.writeUntilError(c)));   // the server never reads
                NetTests.awaitPollWaiters(2);                             // both parked on c

                c.close();
                Object r = reader.recv();
                Object w = writer.recv();

                assertThat(r).isInstanceOf(ClosedConnectionException.class).isInstanceOf(SocketException.class);
                assertThat((Throwable) r).hasMessage(readText);
                assertThat(((OpError) r).timeout()).as("a close is not a timeout").isFalse();
                assertThat(w).isInstanceOf(ClosedConnectionException.class);
                assertThat((Throwable) w).hasMessage(writeText);
                assertThat(((OpError) w).timeout()).isFalse();
                assertThat(((OpError) w).err()).isEqualTo(CLOSED);

                // Later calls fail the same way; closing again is harmless.
                c.close();
                assertThat(catchThrowable(() -> c.read(new byte[1])))
                        .isInstanceOf(ClosedConnectionException.class).hasMessage(readText);
                assertThat(catchThrowable(() -> c.read(ByteBuffer.allocate(4))))
                        .isInstanceOf(ClosedConnectionException.class).hasMessage(readText);
                assertThat(catchThrowable(() -> c.write(new byte[1])))
                        .isInstanceOf(ClosedConnectionException.class).hasMessage(writeText);
                assertThat(catchThrowable(() -> c.write(ByteBuffer.allocate(4))))
                        .isInstanceOf(ClosedConnectionException.class).hasMessage(writeText);
                assertThat(c.toString()).endsWith(", closed)");

                // The peer sees the end of the stream (it may first get what the writer had sent).
                byte[] buf = new byte[1 << 16];
                while (true) {
                    int n = io(() -> p.server().read(buf));
                    if (n < 0) {
                        break;
                    }
                }
            }
        });
    }

    /** Go: net_test.go TestConnClose: a read after Close fails. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aReadAfterCloseFailsAtOnce(int procs) {
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs)), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                io(() -> p.server().write(new byte[] {1}));   // even with data ready
                p.client().close();
                assertThat(catchThrowable(() -> p.client().read(new byte[1])))
                        .isInstanceOf(ClosedConnectionException.class)
                        .hasMessage(p.clientText("read", CLOSED));
            }
        });
    }
}
