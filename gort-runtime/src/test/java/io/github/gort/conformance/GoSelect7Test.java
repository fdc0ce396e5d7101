package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's {@code test/chan/select7.go}: select when discarding a value, each receive form against each send form. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect7Test {
    private final AtomicInteger received = new AtomicInteger();

    private void recv1(Chan<Integer> c) {
        c.recv();
        received.incrementAndGet();
    }

    private void recv2(Chan<Integer> c) {
        Select.of().recv(c).run();
        received.incrementAndGet();
    }

    private void recv3(Chan<Integer> c) {
        Chan<Integer> c2 = Chan.make();
        Select.of().recv(c).recv(c2).run();
        received.incrementAndGet();
    }

    private static void send1(Consumer<Chan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c));
        Go.gosched();
        c.send(1);
    }

    private static void send2(Consumer<Chan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c));
        Go.gosched();
        Select.of().send(c, 1).run();
    }

    private static void send3(Consumer<Chan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c));
        Go.gosched();
        Chan<Integer> c2 = Chan.make();
        Select.of().send(c, 1).send(c2, 1).run();
    }

    /** Go: test/chan/select7.go main. */
    @Test
    void select7() {
        GoRun.main(() -> {
            send1(this::recv1);
            send2(this::recv1);
            send3(this::recv1);
            send1(this::recv2);
            send2(this::recv2);
            send3(this::recv2);
            send1(this::recv3);
            send2(this::recv3);
            send3(this::recv3);
            // Go's program only has to end; each of the nine sends met its receiver.
            while (received.get() < 9) {
                Go.gosched();
            }
            assertThat(received.get()).isEqualTo(9);
        });
    }
}
