package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select4.go}: the left-hand side of a receive case ({@code *f() = <-c1}) is evaluated only
 * if that case is chosen. In gort the assignment is the case's handler, which runs only for the chosen case.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect4Test {
    private static int[] f() {
        fail("BUG: called f");
        return new int[1];
    }

    /** Go: test/chan/select4.go main. */
    @Test
    void select4() {
        GoRun.main(() -> {
            int[] xa = {0};
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> c1 = Chan.make();
            c.send(42);
            Select.of()
                    .recv(c1, v -> f()[0] = v)
                    .recv(c, v -> {
                        xa[0] = v;
                        if (xa[0] != 42) {
                            fail("BUG: %d", xa[0]);
                        }
                    })
                    .run();
            if (xa[0] != 42) {
                fail("BUG: %d", xa[0]);
            }
        });
    }
}
