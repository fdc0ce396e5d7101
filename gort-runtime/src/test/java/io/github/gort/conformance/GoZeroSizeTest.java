package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/zerosize.go}: channels of a zero-sized element type ({@code [0]byte}, {@code struct{}})
 * can be made, unbuffered and buffered. Java's closest element types are an empty array and Void; Go only
 * requires that make succeeds, so the channels' capacity is what is checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoZeroSizeTest {
    /** Go: test/chan/zerosize.go main. */
    @Test
    void zeroSize() {
        GoRun.main(() -> {
            Chan<byte[]> a = Chan.make();
            Chan<byte[]> b = Chan.make(1);
            Chan<Void> c = Chan.make();
            Chan<Void> d = Chan.make(1);
            assertThat(new int[] {a.cap(), b.cap(), c.cap(), d.cap()}).containsExactly(0, 1, 0, 1);
        });
    }
}
