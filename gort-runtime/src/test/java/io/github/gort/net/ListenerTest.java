package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accept and close (Go: net_test.go TestListenerClose): a closed listener fails accept with Go's text. */
class ListenerTest {
    private static Config config(int procs) {
        return TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs));
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void acceptAfterCloseFails(int procs) {
        TestRuntimes.run(config(procs), () -> {
            Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
            assertThat(ln.addr().port()).as("the port the system chose").isPositive();
            assertThat(ln.addr().toString()).isEqualTo("127.0.0.1:" + ln.addr().port());
            ln.close();
            ln.close();                                             // harmless
            String text = "accept tcp 127.0.0.1:" + ln.addr().port() + ": use of closed network connection";
            for (int i = 0; i < 2; i++) {
                Throwable e = catchThrowable(ln::accept);
                assertThat(e).isInstanceOf(ClosedConnectionException.class).hasMessage(text);
                assertThat(((OpError) e).source()).isNull();
                assertThat(((OpError) e).addr()).isEqualTo(ln.addr());
            }
            assertThat(ln.toString()).endsWith(", closed)");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void closeWakesAGoroutineBlockedInAccept(int procs) {
        TestRuntimes.run(config(procs), () -> {
            Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
            Chan<Object> outcome = Chan.make(1);
            Go.go(() -> {
                try {
                    outcome.send(ln.accept());
                } catch (IOException e) {
                    outcome.send(e);
                }
            });
            NetTests.awaitPollWaiters(1);
            ln.close();
            Object got = outcome.recv();
            assertThat(got).isInstanceOf(ClosedConnectionException.class);
            assertThat((Throwable) got)
                    .hasMessage("accept tcp " + ln.addr() + ": use of closed network connection");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aGoroutineBlockedInAcceptGetsTheConnectionWithItsAddresses(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"))) {
                Chan<Conn> accepted = Chan.make(1);
                Go.go(() -> accepted.send(io(ln::accept)));
                NetTests.awaitPollWaiters(1);
                try (Conn c = io(() -> Net.dial("tcp", ln.addr().toString())); Conn s = accepted.recv()) {
                    assertThat(s.localAddr()).isEqualTo(ln.addr());
                    assertThat(s.remoteAddr()).isEqualTo(c.localAddr());
                    assertThat(c.remoteAddr()).isEqualTo(ln.addr());
                }
            }
        });
    }
}
