package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/nonblock.go}: channel operations that test for blocking (selects with a default), on
 * buffered and unbuffered channels of several element types (Go's int32, int64, bool, string).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoNonblockTest {
    /** Go: maxTries, up to 100 ms per test. */
    private static final int MAX_TRIES = 10_000;

    private Chan<Instant> ticker;

    /** Go: test/chan/nonblock.go main, with the i32/i64/b/s receivers and senders. */
    @Test
    void nonblock() {
        GoRun.main(() -> {
            ticker = Time.newTicker(Duration.ofNanos(10_000)).c(); // Go: time.Tick(10 * 1000), 10 us
            Chan<Boolean> sync = Chan.make();
            for (int buffer = 0; buffer < 2; buffer++) {
                Chan<Integer> c32 = Chan.make(buffer);
                Chan<Long> c64 = Chan.make(buffer);
                Chan<Boolean> cb = Chan.make(buffer);
                Chan<String> cs = Chan.make(buffer);

                Select.of().recv(c32, v -> fail("blocked i32sender")).onDefault(() -> { }).run();
                Select.of().recv(c64, v -> fail("blocked i64sender")).onDefault(() -> { }).run();
                Select.of().recv(cb, v -> fail("blocked bsender")).onDefault(() -> { }).run();
                Select.of().recv(cs, v -> fail("blocked ssender")).onDefault(() -> { }).run();

                int buf = buffer;
                Go.go(() -> {                                   // i32receiver
                    if (c32.recv() != 123) {
                        fail("i32 value");
                    }
                    sync.send(true);
                });
                sendUntilReady(c32, 123, "i32receiver buffer=" + buf);
                sync.recv();

                Go.go(() -> {                                   // i32sender
                    c32.send(234);
                    sync.send(true);
                });
                if (buffer > 0) {
                    sync.recv();
                }
                if (recvUntilReady(c32, "i32sender buffer=" + buf) != 234) {
                    fail("i32sender value");
                }
                if (buffer == 0) {
                    sync.recv();
                }

                Go.go(() -> {                                   // i64receiver
                    if (c64.recv() != 123456L) {
                        fail("i64 value");
                    }
                    sync.send(true);
                });
                sendUntilReady(c64, 123456L, "i64receiver");
                sync.recv();

                Go.go(() -> {                                   // i64sender
                    c64.send(234567L);
                    sync.send(true);
                });
                if (buffer > 0) {
                    sync.recv();
                }
                if (recvUntilReady(c64, "i64sender") != 234567L) {
                    fail("i64sender value");
                }
                if (buffer == 0) {
                    sync.recv();
                }

                Go.go(() -> {                                   // breceiver
                    if (!cb.recv()) {
                        fail("b value");
                    }
                    sync.send(true);
                });
                sendUntilReady(cb, true, "breceiver");
                sync.recv();

                Go.go(() -> {                                   // bsender
                    cb.send(true);
                    sync.send(true);
                });
                if (buffer > 0) {
                    sync.recv();
                }
                if (!recvUntilReady(cb, "bsender")) {
                    fail("bsender value");
                }
                if (buffer == 0) {
                    sync.recv();
                }

                Go.go(() -> {                                   // sreceiver
                    if (!cs.recv().equals("hello")) {
                        fail("s value");
                    }
                    sync.send(true);
                });
                sendUntilReady(cs, "hello", "sreceiver");
                sync.recv();

                Go.go(() -> {                                   // ssender
                    cs.send("hello again");
                    sync.send(true);
                });
                if (buffer > 0) {
                    sync.recv();
                }
                if (!recvUntilReady(cs, "ssender").equals("hello again")) {
                    fail("ssender value");
                }
                if (buffer == 0) {
                    sync.recv();
                }
            }
        });
    }

    /** Go's labelled loop {@code Send32: for { select { case c <- v: break Send32; default: try++ ... } }}. */
    private <T> void sendUntilReady(Chan<T> c, T v, String what) {
        boolean[] sent = {false};
        for (int tries = 0; !sent[0]; ) {
            int t = ++tries;
            Select.of().send(c, v, () -> sent[0] = true).onDefault(() -> {
                if (t > MAX_TRIES) {
                    fail(what);
                }
                sleep();
            }).run();
        }
    }

    /** Go's labelled loop {@code Recv32: for { select { case v = <-c: break Recv32; default: ... } }}. */
    private <T> T recvUntilReady(Chan<T> c, String what) {
        Object[] got = {null};
        boolean[] received = {false};
        for (int tries = 0; !received[0]; ) {
            int t = ++tries;
            Select.of().recv(c, v -> {
                got[0] = v;
                received[0] = true;
            }).onDefault(() -> {
                if (t > MAX_TRIES) {
                    fail(what);
                }
                sleep();
            }).run();
        }
        @SuppressWarnings("unchecked")
        T v = (T) got[0];
        return v;
    }

    /** Go: test/chan/nonblock.go sleep: two ticks and three Goscheds. */
    private void sleep() {
        ticker.recv();
        ticker.recv();
        Go.gosched();
        Go.gosched();
        Go.gosched();
    }
}
