package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's {@code test/chan/fifo.go}: buffered and unbuffered channels act as pure FIFOs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoFifoTest {
    private static final int N = 10;

    /** Go: test/chan/fifo.go AsynchFifo. */
    @Test
    void asynchFifo() {
        GoRun.main(() -> {
            Chan<Integer> ch = Chan.make(N);
            for (int i = 0; i < N; i++) {
                ch.send(i);
            }
            for (int i = 0; i < N; i++) {
                if (ch.recv() != i) {
                    fail("bad receive");
                }
            }
        });
    }

    /** Go: test/chan/fifo.go SynchFifo and Chain: a daisy chain reads the elements in sequence. */
    @Test
    void synchFifo() {
        GoRun.main(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<Integer> in = Chan.make();
            Chan<Integer> start = in;
            for (int i = 0; i < N; i++) {
                Chan<Integer> out = Chan.make();
                Chan<Integer> prev = in;
                int val = i;
                Go.go(() -> chain(ch, val, prev, out));
                in = out;
            }
            start.send(0);
            for (int i = 0; i < N; i++) {
                ch.send(i);
            }
            in.recv();
        });
    }

    private static void chain(Chan<Integer> ch, int val, Chan<Integer> in, Chan<Integer> out) {
        in.recv();
        if (ch.recv() != val) {
            fail("panic(%d)", val);
        }
        out.send(1);
    }
}
