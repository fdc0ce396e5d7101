package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's {@code test/chan/goroutines.go}: make a lot of goroutines, threaded together, and tear them down cleanly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoGoroutinesTest {
    /** Go: test/chan/goroutines.go main and f (n = 10000). */
    @Test
    void goroutines() {
        GoRun.main(() -> {
            int n = 10_000;
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> right = leftmost;
            Chan<Integer> left = leftmost;
            for (int i = 0; i < n; i++) {
                right = Chan.make();
                Chan<Integer> l = left;
                Chan<Integer> r = right;
                Go.go(() -> l.send(r.recv()));
                left = right;
            }
            Chan<Integer> c = right;
            Go.go(() -> c.send(1));
            // Go's program only has to end; the value passed along the whole chain is the one sent.
            assertThat(leftmost.recv()).isEqualTo(1);
        });
    }
}
