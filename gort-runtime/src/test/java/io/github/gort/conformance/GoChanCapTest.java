package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chancap.go} (Go 1.19): len and cap of channels, and make's panic
 * "makechan: size out of range" for a bad capacity, which gort throws as an IllegalArgumentException.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoChanCapTest {
    /** Go: test/chancap.go main, first part: len/cap of a buffered and an unbuffered channel. */
    @Test
    void lenAndCap() {
        GoRun.main(() -> {
            Chan<Integer> c = Chan.make(10);
            if (c.len() != 0 || c.cap() != 10) {
                fail("chan len/cap %d %d want 0 10", c.len(), c.cap());
            }
            for (int i = 0; i < 3; i++) {
                c.send(i);
            }
            if (c.len() != 3 || c.cap() != 10) {
                fail("chan len/cap %d %d want 3 10", c.len(), c.cap());
            }
            c = Chan.make();
            if (c.len() != 0 || c.cap() != 0) {
                fail("chan len/cap %d %d want 0 0", c.len(), c.cap());
            }
        });
    }

    /** Go: test/chancap.go main, shouldPanic("makechan: size out of range", ...) with n = -1. */
    @Test
    void negativeSizePanics() {
        GoRun.main(() -> {
            int n = -1;
            assertThatThrownBy(() -> Chan.make(n))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("makechan: size out of range");
        });
    }

    /**
     * Go: test/chancap.go main, the 32-bit branch: n = 1<<31 - 1 is out of range (its buffer exceeds the largest
     * allocation). Java's capacity is an int, so this is the branch that applies; Go's 64-bit branch (1<<59,
     * 1<<63 - 1) has no int counterpart.
     */
    @Test
    void hugeSizePanics() {
        GoRun.main(() -> {
            int n = (1 << 31) - 1;
            assertThatThrownBy(() -> Chan.make(n))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("makechan: size out of range");
        });
    }
}
