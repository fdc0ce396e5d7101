package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.sync.Once;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's {@code src/sync/once_test.go} on gort's {@link Once}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoOnceTest {
    private static void run(Once once, AtomicInteger o, Chan<Boolean> c) {
        once.run(o::incrementAndGet);
        int v = o.get();
        if (v != 1) {
            fail("once failed inside run: %d is not 1", v);
        }
        c.send(true);
    }

    /** Go: src/sync/once_test.go TestOnce (N = 10 goroutines). */
    @Test
    void testOnce() {
        GoRun.main(() -> {
            AtomicInteger o = new AtomicInteger();
            Once once = new Once();
            Chan<Boolean> c = Chan.make();
            int n = 10;
            for (int i = 0; i < n; i++) {
                Go.go(() -> run(once, o, c));
            }
            for (int i = 0; i < n; i++) {
                c.recv();
            }
            if (o.get() != 1) {
                fail("once failed outside run: %d is not 1", o.get());
            }
        });
    }

    /** Go: src/sync/once_test.go TestOncePanic: a function that panicked still counts as done. */
    @Test
    void testOncePanic() {
        GoRun.main(() -> {
            Once once = new Once();
            assertThatThrownBy(() -> once.run(() -> {
                throw new IllegalStateException("failed");
            })).as("Once.Do did not panic").hasMessage("failed");
            once.run(() -> fail("Once.Do called twice"));
        });
    }
}
