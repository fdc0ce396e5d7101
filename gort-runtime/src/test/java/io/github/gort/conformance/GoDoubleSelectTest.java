package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/doubleselect.go}: flushes out the case where two cases of one select both run
 * (http://codereview.appspot.com/180068). If they did, the same counter would arrive on two channels.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoDoubleSelectTest {
    /** Go: test/chan/doubleselect.go main, with sender, mux and recver (iterations = 100000, GOMAXPROCS 2). */
    @Test
    void doubleSelect() {
        GoRun.withProcs(2, () -> {
            int iterations = 100_000;
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Chan<Integer> c3 = Chan.make();
            Chan<Integer> c4 = Chan.make();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> cmux = Chan.make();
            Go.go(() -> sender(iterations, c1, c2, c3, c4));
            Go.go(() -> mux(cmux, c1, done));
            Go.go(() -> mux(cmux, c2, done));
            Go.go(() -> mux(cmux, c3, done));
            Go.go(() -> mux(cmux, c4, done));
            Go.go(() -> {
                done.recv();
                done.recv();
                done.recv();
                done.recv();
                cmux.close();
            });
            // We keep the recver because it might catch more bugs in the future; the bug linked above made the
            // runtime throw "bad g->status in ready".
            recver(cmux);
        });
    }

    /** Sends a counter to one of four channels; defers close them (LIFO, as Go's defers). */
    private static void sender(int n, Chan<Integer> c1, Chan<Integer> c2, Chan<Integer> c3, Chan<Integer> c4) {
        try {
            for (int i = 0; i < n; i++) {
                Select.of().send(c1, i).send(c2, i).send(c3, i).send(c4, i).run();
            }
        } finally {
            c4.close();
            c3.close();
            c2.close();
            c1.close();
        }
    }

    /** Forwards the values from in onto out. */
    private static void mux(Chan<Integer> out, Chan<Integer> in, Chan<Boolean> done) {
        for (int v : in) {
            out.send(v);
        }
        done.send(true);
    }

    /** Gets the stream of values from the four muxes and checks for duplicates. */
    private static void recver(Chan<Integer> in) {
        BitSet seen = new BitSet();
        for (int v : in) {
            if (seen.get(v)) {
                fail("got duplicate value: %d", v);
            }
            seen.set(v);
        }
    }
}
