package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.testing.TestRuntimes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The network calls made outside a goroutine fail as every blocking call of gort does (Goroutines.goroutineM):
 * {@code X must be called from a goroutine, but the current thread (NAME) is not running one; ...}.
 */
class NetOutsideGoroutineTest {
    private static String expected(String what, String thread) {
        return what + " must be called from a goroutine, but the current thread (" + thread + ") is not running one;"
                + " start a runtime with GoRuntime.run(config, main) and call it from main or a goroutine started"
                + " with Go.go";
    }

    @Test
    void listenAndDialOnAPlainThread() {
        String thread = Thread.currentThread().getName();
        assertThat(catchThrowable(() -> Net.listen("tcp", "127.0.0.1:0")))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected("Net.listen", thread));
        assertThat(catchThrowable(() -> Net.dial("tcp", "127.0.0.1:1")))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected("Net.dial", thread));
        assertThat(catchThrowable(() -> Net.dialTimeout("tcp", "127.0.0.1:1", java.time.Duration.ofSeconds(1))))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected("Net.dialTimeout", thread));
        // The same shape as the rest of the API gives.
        assertThat(catchThrowable(() -> Chan.<Integer>make(1).send(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected("Chan.send", thread));
    }

    @Test
    void connAndListenerCallsFromAPlainThreadWhileTheRuntimeRuns() {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        AtomicReference<String> threadName = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                Conn c = p.client();
                Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
                calls.put("Conn.read", () -> c.read(new byte[1]));
                calls.put("Conn.write", () -> c.write(new byte[1]));
                calls.put("Conn.setDeadline", () -> c.setDeadline(Instant.now()));
                calls.put("Conn.setReadDeadline", () -> c.setReadDeadline(Instant.now()));
                calls.put("Conn.setWriteDeadline", () -> c.setWriteDeadline(Instant.now()));
                calls.put("Conn.closeRead", c::closeRead);
                calls.put("Conn.closeWrite", c::closeWrite);
                calls.put("Listener.accept", () -> p.ln().accept());
                Thread plain = new Thread(() -> {
                    threadName.set(Thread.currentThread().getName());
                    calls.forEach((what, call) -> failures.put(what, catchThrowable(call)));
                }, "plain-java-thread");
                plain.start();
                io(() -> {
                    try {
                        plain.join();                          // a short wait on a plain thread: no Go.syscall needed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                    return null;
                });
                // The failed calls changed nothing: the connection still works.
                io(() -> c.write(new byte[] {1}));
                assertThat(io(() -> p.server().read(new byte[1]))).isEqualTo(1);
            }
        });
        assertThat(failures).hasSize(8);
        failures.forEach((what, e) -> assertThat(e).as(what).isInstanceOf(IllegalStateException.class)
                .hasMessage(expected(what, threadName.get())));
    }
}
