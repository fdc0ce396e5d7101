package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/sync/waitgroup_test.go} (Go 1.19) on gort's {@link WaitGroup}. Go's panic
 * "sync: negative WaitGroup counter" is gort's IllegalStateException with the same text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoWaitGroupTest {
    private static void testWaitGroup(WaitGroup wg1, WaitGroup wg2) {
        int n = 16;
        wg1.add(n);
        wg2.add(n);
        Chan<Boolean> exited = Chan.make(n);
        for (int i = 0; i != n; i++) {
            Go.go(() -> {
                wg1.done();
                wg2.await();
                exited.send(true);
            });
        }
        wg1.await();
        for (int i = 0; i != n; i++) {
            Select.of().recv(exited, v -> fail("WaitGroup released group too soon")).onDefault(() -> { }).run();
            wg2.done();
        }
        for (int i = 0; i != n; i++) {
            exited.recv(); // Will block if barrier fails to unlock someone.
        }
    }

    /** Go: src/sync/waitgroup_test.go TestWaitGroup: the same two groups reused 8 times. */
    @Test
    void testWaitGroup() {
        GoRun.main(() -> {
            WaitGroup wg1 = new WaitGroup();
            WaitGroup wg2 = new WaitGroup();
            // Run the same test a few times to ensure barrier is in a proper state.
            for (int i = 0; i != 8; i++) {
                testWaitGroup(wg1, wg2);
            }
        });
    }

    /** Go: src/sync/waitgroup_test.go TestWaitGroupMisuse. */
    @Test
    void testWaitGroupMisuse() {
        GoRun.main(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            wg.done();
            assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class)
                    .hasMessage("sync: negative WaitGroup counter");
        });
    }

    /** Go: src/sync/waitgroup_test.go TestWaitGroupRace (1000 rounds). */
    @Test
    void testWaitGroupRace() {
        GoRun.main(() -> {
            for (int i = 0; i < 1000; i++) {
                WaitGroup wg = new WaitGroup();
                AtomicInteger n = new AtomicInteger();
                // spawn goroutine 1
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                // spawn goroutine 2
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                // Wait for goroutine 1 and 2
                wg.await();
                if (n.get() != 2) {
                    fail("Spurious wakeup from Wait");
                }
            }
        });
    }

    /**
     * Go: src/sync/waitgroup_test.go TestWaitGroupAlign. Go checks a WaitGroup placed after a byte in a struct
     * (64-bit alignment of its state); a Java object's fields carry no such constraint, so the field layout is
     * kept only for the shape of the test.
     */
    @Test
    void testWaitGroupAlign() {
        GoRun.main(() -> {
            final class X {
                byte x;
                final WaitGroup wg = new WaitGroup();
            }
            X x = new X();
            x.wg.add(1);
            Go.go(x.wg::done);
            x.wg.await();
        });
    }
}
