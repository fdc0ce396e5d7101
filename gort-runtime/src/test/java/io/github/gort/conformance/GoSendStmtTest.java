package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/sendstmt.go}: parsing cases of the send statement. The parsing is Go's; what carries over
 * is the meaning: {@code case <-cc <- 2} sends 2 on the channel received from cc, and {@code c <- false || true}
 * sends true.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSendStmtTest {
    /** Go: test/chan/sendstmt.go chanchan. */
    @Test
    void chanchan() {
        GoRun.main(() -> {
            Chan<Chan<Integer>> cc = Chan.make(1);
            Chan<Integer> c = Chan.make(1);
            cc.send(c);
            Select.of().send(cc.recv(), 2).onDefault(() -> fail("nonblock")).run();
            if (c.recv() != 2) {
                fail("bad receive");
            }
        });
    }

    /** Go: test/chan/sendstmt.go sendprec. */
    @Test
    void sendprec() {
        GoRun.main(() -> {
            Chan<Boolean> c = Chan.make(1);
            boolean f = false;
            c.send(f || true); // same as c <- (false || true)
            if (!c.recv()) {
                fail("sent false");
            }
        });
    }
}
