package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select.go}: every send case's value is evaluated on entering the select (counter), nil
 * channels are never chosen, and a select with only nil channels and a default takes the default.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelectTest {
    private int counter;
    private int shift;

    /** Go: test/chan/select.go GetValue. */
    private int getValue() {
        counter++;
        return 1 << shift;
    }

    /** Go: test/chan/select.go Send: sends on a and b until both are nil (a chosen case nils its channel). */
    private int send(Chan<Integer> a, Chan<Integer> b) {
        int i = 0;
        Chan<Integer>[] ab = pair(a, b);
        boolean[] done = {false};
        while (!done[0]) {
            // Java evaluates the case values as Go does: both, in order, before the select chooses.
            Select.of()
                    .send(ab[0], getValue(), () -> ab[0] = Chan.nil())
                    .send(ab[1], getValue(), () -> ab[1] = Chan.nil())
                    .onDefault(() -> done[0] = true)
                    .run();
            if (!done[0]) {
                i++;
                shift++;
            }
        }
        return i;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Chan<Integer>[] pair(Chan<Integer> a, Chan<Integer> b) {
        return new Chan[] {a, b};
    }

    /** Go: test/chan/select.go main. */
    @Test
    void select() {
        GoRun.main(() -> {
            Chan<Integer> a = Chan.make(1);
            Chan<Integer> b = Chan.make(1);
            int v = send(a, b);
            if (v != 2) {
                fail("Send returned %d != 2", v);
            }
            int av = a.recv();
            int bv = b.recv();
            if ((av | bv) != 3) {
                fail("bad values %d %d", av, bv);
            }
            v = send(a, Chan.nil());
            if (v != 1) {
                fail("Send returned %d != 1", v);
            }
            if (counter != 10) {
                fail("counter is %d != 10", counter);
            }
        });
    }
}
