package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select6.go}, issue 2075: a select that is last in a channel's wait queue must not corrupt
 * the queues of its failed cases, or later waiters on c1 never wake up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect6Test {
    /** Go: test/chan/select6.go main. */
    @Test
    void select6() {
        GoRun.main(() -> {
            Chan<Boolean> c1 = Chan.make();
            Chan<Boolean> c2 = Chan.make();
            Chan<Boolean> c3 = Chan.make();
            Go.go(c1::recv);
            Go.go(() -> {
                Select.of().recv(c1, v -> fail("dummy")).recv(c2, v -> c3.send(true)).run();
                c1.recv();
            });
            Go.go(() -> c2.send(true));
            c3.recv();
            c1.send(true);
            c1.send(true);
        });
    }
}
