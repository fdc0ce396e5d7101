package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select8.go}: break statements in 1-, 2- and 3-case selects (a gccgo bug). Java has no
 * break out of a select; a handler's early return plays it, and the "unreachable" panics after the break become
 * code the handlers never reach. What is left to check is that each select takes the expected case.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect8Test {
    /** Go: test/chan/select8.go main. */
    @Test
    void select8() {
        GoRun.main(() -> {
            Chan<Integer> ch = Chan.make();
            Go.go(() -> {
                while (true) {
                    ch.send(5);
                }
            });
            assertThat(Select.of().recv(ch, v -> assertThat(v).isEqualTo(5)).run()).isEqualTo(0);
            assertThat(Select.of().onDefault(() -> { }).run()).isEqualTo(0);
            // The sender may not be parked yet: either case is Go's behaviour; neither panics.
            assertThat(Select.of().recv(ch).onDefault(() -> { }).run()).isBetween(0, 1);
            int chosen = Select.of().recv(ch).send(ch, 10, () -> {
                throw new AssertionError("unreachable");
            }).onDefault(() -> { }).run();
            assertThat(chosen).isIn(0, 2);
        });
    }
}
