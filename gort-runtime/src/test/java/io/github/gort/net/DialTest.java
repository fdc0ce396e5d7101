package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Config;
import io.github.gort.testing.TestRuntimes;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Dial's failures as Go reports them: a refused connection with its address, a timeout, and malformed input. */
class DialTest {
    private static Config config() {
        return TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2));
    }

    /** A port nobody listens on: one a listener had, closed again. */
    private static int freePort() {
        Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
        int port = ln.addr().port();
        ln.close();
        return port;
    }

    @Test
    void aRefusedDialNamesTheAddress() {
        TestRuntimes.run(config(), () -> {
            int port = freePort();
            Throwable e = catchThrowable(() -> Net.dial("tcp", "127.0.0.1:" + port));
            assertThat(e).isInstanceOf(DialException.class).isInstanceOf(ConnectException.class)
                    .hasMessage("dial tcp 127.0.0.1:" + port + ": connect: connection refused");
            DialException de = (DialException) e;
            assertThat(de.op()).isEqualTo("dial");
            assertThat(de.network()).isEqualTo("tcp");
            assertThat(de.source()).isNull();
            assertThat(de.addr().port()).isEqualTo(port);
            assertThat(de.timeout()).isFalse();
            assertThat(de.err()).isEqualTo("connect: connection refused");
        });
    }

    /** Go: net_test.go TestListenerClose: a dial to a closed listener fails. */
    @Test
    void aDialToAClosedListenerFails() {
        TestRuntimes.run(config(), () -> {
            Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
            String addr = ln.addr().toString();
            ln.close();
            assertThat(catchThrowable(() -> Net.dial("tcp", addr))).isInstanceOf(DialException.class)
                    .hasMessage("dial tcp " + addr + ": connect: connection refused");
        });
    }

    /**
     * Go: timeout_test.go TestDialTimeout's first case ("dial timeouts, deadlines in the past work"): a negative
     * timeout fails with a timeout error, even to a listener that would accept.
     */
    @Test
    void aDialTimeoutInThePastTimesOut() {
        TestRuntimes.run(config(), () -> {
            try (Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"))) {
                Throwable e = catchThrowable(() -> Net.dialTimeout("tcp", ln.addr().toString(), Duration.ofSeconds(-5)));
                assertThat(e).isInstanceOf(IOTimeoutException.class).hasMessage("dial tcp " + ln.addr() + ": i/o timeout");
                assertThat(((OpError) e).timeout()).isTrue();
            }
        });
    }

    /** Go: TestDialTimeoutMaxDuration: a huge timeout is no timeout, the dial succeeds. */
    @Test
    void aDialWithAHugeTimeoutConnects() {
        TestRuntimes.run(config(), () -> {
            try (Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
                    Conn c = io(() -> Net.dialTimeout("tcp", ln.addr().toString(), Duration.ofSeconds(Long.MAX_VALUE)));
                    Conn s = io(ln::accept)) {
                assertThat(c.remoteAddr()).isEqualTo(ln.addr());
                assertThat(s.remoteAddr()).isEqualTo(c.localAddr());
            }
        });
    }

    @Test
    void malformedNetworksAndAddressesAreNamed() {
        TestRuntimes.run(config(), () -> {
            assertThat(catchThrowable(() -> Net.dial("udp", "127.0.0.1:80")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dial udp: unknown network udp");
            assertThat(catchThrowable(() -> Net.listen("unix", "/tmp/x:0")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("listen unix: unknown network unix");
            assertThat(catchThrowable(() -> Net.dial("tcp", "127.0.0.1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dial tcp: address 127.0.0.1: missing port in address");
            assertThat(catchThrowable(() -> Net.dial("tcp", "127.0.0.1:99999")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dial tcp: address 127.0.0.1:99999: invalid port");
            assertThat(catchThrowable(() -> Net.dial("tcp", "127.0.0.1:http")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dial tcp: address 127.0.0.1:http: invalid port");
            assertThat(catchThrowable(() -> Net.dial("tcp", "::1:80")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("dial tcp: address ::1:80: too many colons in address");
            assertThat(catchThrowable(() -> Net.dial(null, "127.0.0.1:80"))).isInstanceOf(NullPointerException.class)
                    .hasMessage("network");
            assertThat(catchThrowable(() -> Net.dialTimeout("tcp", "127.0.0.1:80", null)))
                    .isInstanceOf(NullPointerException.class).hasMessage("timeout");
        });
    }
}
