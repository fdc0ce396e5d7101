package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select3.go}: the semantics of select for basic empty/non-empty cases. A Go panic is a
 * RuntimeException here ({@code recover()} catches it); sending on a closed channel throws gort's
 * IllegalStateException "send on closed channel".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect3Test {
    private static final String ALWAYS = "function did not";
    private static final String NEVER = "function did";

    private static void unreachable() {
        throw new IllegalStateException("control flow shouldn't reach here");
    }

    /** Go: testPanic. Calls f and verifies that f always/never panics depending on signal. */
    private static void testPanic(String signal, Runnable f) {
        String s = NEVER;
        RuntimeException recovered = null;
        try {
            f.run();
        } catch (RuntimeException e) {
            s = ALWAYS; // f panicked
            recovered = e;
        }
        if (!s.equals(signal)) {
            throw new AssertionError(signal + " panic", recovered);
        }
    }

    /** Go: testBlock. Calls f and empirically verifies that f always/never blocks depending on signal. */
    private static void testBlock(String signal, Runnable f) {
        Chan<String> c = Chan.make();
        Go.go(() -> {
            f.run();
            c.send(NEVER); // f didn't block
        });
        Go.go(() -> {
            Time.sleep(Duration.ofMillis(100)); // 0.1s seems plenty long
            c.send(ALWAYS);                     // f blocked always
        });
        if (!c.recv().equals(signal)) {
            fail(signal + " block");
        }
    }

    /** Go: test/chan/select3.go main. */
    @Test
    void select3() {
        GoRun.main(() -> {
            int async = 1; // asynchronous channels
            Chan<Integer> nilch = Chan.nil();
            Chan<Integer> closedch = Chan.make();
            closedch.close();

            // sending/receiving from a nil channel blocks
            testBlock(ALWAYS, () -> nilch.send(7));
            testBlock(ALWAYS, nilch::recv);

            // sending/receiving from a nil channel inside a select is never selected
            testPanic(NEVER, () -> Select.of().send(nilch, 7, GoSelect3Test::unreachable).onDefault(() -> { }).run());
            testPanic(NEVER, () -> Select.of().recv(nilch, v -> unreachable()).onDefault(() -> { }).run());

            // sending to an async channel with free buffer space never blocks
            testBlock(NEVER, () -> {
                Chan<Integer> ch = Chan.make(async);
                ch.send(7);
            });

            // receiving from a closed channel never blocks
            testBlock(NEVER, () -> {
                for (int i = 0; i < 10; i++) {
                    if (closedch.recv() != null) {
                        fail("expected zero value when reading from closed channel");
                    }
                    Received<Integer> r = closedch.recvOk();
                    if (r.value() != null || r.ok()) {
                        fail("closedch: %s %s: expected 0, false from closed channel", r.value(), r.ok());
                    }
                }
            });

            // sending to a closed channel panics.
            testPanic(ALWAYS, () -> closedch.send(7));

            // receiving from a non-ready channel always blocks
            testBlock(ALWAYS, () -> {
                Chan<Integer> ch = Chan.make();
                ch.recv();
            });

            // empty selects always block
            testBlock(ALWAYS, () -> Select.of().run());

            // selects with only nil channels always block
            testBlock(ALWAYS, () -> Select.of().recv(nilch, v -> unreachable()).run());
            testBlock(ALWAYS, () -> Select.of().send(nilch, 7, GoSelect3Test::unreachable).run());
            testBlock(ALWAYS, () -> Select.of().recv(nilch, v -> unreachable())
                    .send(nilch, 7, GoSelect3Test::unreachable).run());

            // selects with non-ready non-nil channels always block
            testBlock(ALWAYS, () -> {
                Chan<Integer> ch = Chan.make();
                Select.of().recv(ch, v -> unreachable()).run();
            });

            // selects with default cases don't block
            testBlock(NEVER, () -> Select.of().onDefault(() -> { }).run());
            testBlock(NEVER, () -> Select.of().recv(nilch, v -> unreachable()).onDefault(() -> { }).run());
            testBlock(NEVER, () -> Select.of().send(nilch, 7, GoSelect3Test::unreachable).onDefault(() -> { }).run());

            // selects with ready channels don't block
            testBlock(NEVER, () -> {
                Chan<Integer> ch = Chan.make(async);
                Select.of().send(ch, 7).onDefault(GoSelect3Test::unreachable).run();
            });
            testBlock(NEVER, () -> {
                Chan<Integer> ch = Chan.make(async);
                ch.send(7);
                Select.of().recv(ch).onDefault(GoSelect3Test::unreachable).run();
            });

            // selects with closed channels behave like ordinary operations
            testBlock(NEVER, () -> Select.of().recv(closedch).run());
            testBlock(NEVER, () -> Select.of().recv(closedch, x -> { }).run());
            testBlock(NEVER, () -> Select.of().recvOk(closedch, r -> { }).run());
            testPanic(ALWAYS, () -> Select.of().send(closedch, 7).run());

            // select should not get confused if it sees itself
            testBlock(ALWAYS, () -> {
                Chan<Integer> c = Chan.make();
                Select.of().send(c, 1).recv(c).run();
            });
        });
    }
}
