package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Select;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/select5.go}: a generator that enumerates every combination of a few choices (a default
 * before or after the real case, dummy and nil-channel cases, the form of the receive's left-hand side) and emits
 * one test per combination for five templates: recv, send, recvOrder, sendOrder, nonblock. Here each template is
 * a method that makes the same choices through the same enumerator ({@link #choose}, {@link #next}) and runs the
 * resulting select directly instead of printing Go source.
 *
 * <p>The channel is buffered, so the test is single-goroutine: it checks that the right calls happen, not the
 * concurrency of select. The order templates check Go's evaluation order with {@link #checkorder}: channel and
 * value operands of every case in source order on entering the select, and a receive's left-hand side only
 * after its case is chosen (here: in the case's handler). Java evaluates the builder's arguments left to right,
 * and outside a select {@code a[i] = <-c} evaluates a, then i, then the receive, as Go does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSelect5Test {
    // Go's generated header: channel is buffered so test is single-goroutine.
    private final Chan<Integer> c = Chan.make(1);
    private final Chan<Integer> nilch = Chan.nil();
    private final Chan<Integer> dummy = Chan.make();
    private final Map<Integer, Integer> m = new HashMap<>();
    private int n = 1;
    private final int[] x = {0};
    private int order;

    // The generator's arg: whether this case already has a default, and how many cases were generated.
    private boolean def;
    private int nreset;

    private record Choice(int i, int n) { }

    private final List<Choice> choices = new ArrayList<>();
    private int cp = -1;

    /**
     * Go: test/chan/select5.go main, running what it generates: do(recv), do(send), do(recvOrder), do(sendOrder),
     * do(nonblock) (1045 cases: 241, 49, 194, 49 and 512).
     */
    @Test
    void select5() {
        GoRun.main(() -> {
            int[] perTemplate = new int[5];
            Runnable[] templates = {this::recv, this::send, this::recvOrder, this::sendOrder, this::nonblock};
            for (int t = 0; t < templates.length; t++) {
                int before = nreset;
                for (; next(); reset()) {
                    templates[t].run();
                }
                perTemplate[t] = nreset - before;
            }
            System.out.printf("select5: %d cases (recv %d, send %d, recvOrder %d, sendOrder %d, nonblock %d)%n",
                    nreset, perTemplate[0], perTemplate[1], perTemplate[2], perTemplate[3], perTemplate[4]);
            assertThat(perTemplate).as("cases per template, as Go's generator enumerates them")
                    .containsExactly(241, 49, 194, 49, 512);
            assertThat(n).as("every case sent and received one value").isEqualTo(nreset + 1);
        });
    }

    // ----------------------------------------------------------------------------------------- the generated header

    private int[] f(int[] p) {
        return p;
    }

    /** Check order of operations: successive calls must have increasing o. Go: checkorder. */
    private void checkorder(int o) {
        if (o <= order) {
            fail("invalid order %d after %d", o, order);
        }
        order = o;
    }

    private Chan<Integer> fc(Chan<Integer> ch, int o) {
        checkorder(o);
        return ch;
    }

    private int[] fp(int[] p, int o) {
        checkorder(o);
        return p;
    }

    private int fn(int v, int o) {
        checkorder(o);
        return v;
    }

    private void die(int have) {
        fail("have %d want %d", have, n);
    }

    private static void panic(String what) {
        throw new IllegalStateException(what);
    }

    // ------------------------------------------------------------------------------------------------ the templates

    /** Send n, receive it one way or another into x, check that they match. Go: template recv. */
    private void recv() {
        c.send(n);
        if (maybe()) {
            x[0] = c.recv();
        } else {
            Select s = Select.of();
            // Blocking or non-blocking, before the receive (Go's compiler special-cases a two-case select with a
            // default, so the default is tried both before and after the receive).
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            // Receive from c: direct, indirect, :=, interface, and map assignment.
            if (maybe()) {
                s.recv(c, v -> x[0] = v);
            } else if (maybe()) {
                s.recv(c, v -> f(x)[0] = v);
            } else if (maybe()) {
                s.recv(c, v -> {
                    int y = v;
                    x[0] = y;
                });
            } else if (maybe()) {
                s.recv(c, v -> {
                    Object i = v;
                    x[0] = (Integer) i;
                });
            } else {
                s.recv(c, v -> {
                    m.put(13, v);
                    x[0] = m.get(13);
                });
            }
            // Blocking or non-blocking again, after the receive.
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            // Dummy send, receive to keep compiler from optimizing select.
            if (maybe()) {
                s.send(dummy, 1, () -> panic("dummy send"));
            }
            if (maybe()) {
                s.recv(dummy, v -> panic("dummy receive"));
            }
            // Nil channel send, receive to keep compiler from optimizing select.
            if (maybe()) {
                s.send(nilch, 1, () -> panic("nilch send"));
            }
            if (maybe()) {
                s.recv(nilch, v -> panic("nilch recv"));
            }
            s.run();
        }
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    /** As recv, checking the order of operations along the way. Go: template recvOrder. */
    private void recvOrder() {
        order = 0;
        c.send(n);
        if (maybe()) {
            // Outside of select, left-to-right rule applies.
            fp(x, 1)[0] = fc(c, 2).recv();
        } else if (maybe()) {
            m.put(fn(13, 1), fc(c, 2).recv());
            x[0] = m.get(13);
        } else {
            Select s = Select.of();
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            // Inside select, the assignment waits until the case is chosen.
            if (maybe()) {
                s.recv(fc(c, 1), v -> fp(x, 100)[0] = v);
            } else if (maybe()) {
                s.recv(fc(c, 1), v -> {
                    int y = v;
                    x[0] = y;
                });
            } else if (maybe()) {
                s.recv(fc(c, 1), v -> {
                    Object i = v;
                    x[0] = (Integer) i;
                });
            } else {
                s.recv(fc(c, 1), v -> {
                    m.put(fn(13, 100), v);
                    x[0] = m.get(13);
                });
            }
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            if (maybe()) {
                s.send(fc(dummy, 2), fn(1, 3), () -> panic("dummy send"));
            }
            if (maybe()) {
                s.recv(fc(dummy, 4), v -> panic("dummy receive"));
            }
            if (maybe()) {
                s.send(fc(nilch, 5), fn(1, 6), () -> panic("nilch send"));
            }
            if (maybe()) {
                s.recv(fc(nilch, 7), v -> panic("nilch recv"));
            }
            s.run();
        }
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    /** Send n one way or another, receive it into x, check that they match. Go: template send. */
    private void send() {
        if (maybe()) {
            c.send(n);
        } else {
            Select s = Select.of();
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            s.send(c, n);
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            if (maybe()) {
                s.send(dummy, 1, () -> panic("dummy send"));
            }
            if (maybe()) {
                s.recv(dummy, v -> panic("dummy receive"));
            }
            if (maybe()) {
                s.send(nilch, 1, () -> panic("nilch send"));
            }
            if (maybe()) {
                s.recv(nilch, v -> panic("nilch recv"));
            }
            s.run();
        }
        x[0] = c.recv();
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    /** As send, checking the order of operations along the way. Go: template sendOrder. */
    private void sendOrder() {
        order = 0;
        if (maybe()) {
            fc(c, 1).send(fn(n, 2));
        } else {
            Select s = Select.of();
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            s.send(fc(c, 1), fn(n, 2));
            if (maybeDefault()) {
                s.onDefault(() -> panic("nonblock"));
            }
            if (maybe()) {
                s.send(fc(dummy, 3), fn(1, 4), () -> panic("dummy send"));
            }
            if (maybe()) {
                s.recv(fc(dummy, 5), v -> panic("dummy receive"));
            }
            if (maybe()) {
                s.send(fc(nilch, 6), fn(1, 7), () -> panic("nilch send"));
            }
            if (maybe()) {
                s.recv(fc(nilch, 8), v -> panic("nilch recv"));
            }
            s.run();
        }
        x[0] = c.recv();
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    /**
     * Combinations of non-blocking operations; a receive must not touch (or even compute the address of) its
     * left-hand side unless chosen. Go: template nonblock. Go's {@code **(**int)(nil) = <-dummy} is a handler
     * that would throw a NullPointerException if it ever ran.
     */
    private void nonblock() {
        x[0] = n;
        int[][] nilPointer = null;
        Select s = Select.of();
        if (maybeDefault()) {
            s.onDefault(() -> { });
        }
        if (maybe()) {
            s.send(dummy, 1, () -> panic("dummy <- 1"));
        }
        if (maybe()) {
            s.send(nilch, 1, () -> panic("nilch <- 1"));
        }
        if (maybe()) {
            s.recv(dummy, v -> panic("<-dummy"));
        }
        if (maybe()) {
            s.recv(dummy, v -> {
                x[0] = v;
                panic("<-dummy x");
            });
        }
        if (maybe()) {
            s.recv(dummy, v -> {
                nilPointer[0][0] = v;
                panic("<-dummy (and didn't crash saving result!)");
            });
        }
        if (maybe()) {
            s.recv(nilch, v -> panic("<-nilch"));
        }
        if (maybe()) {
            s.recv(nilch, v -> {
                x[0] = v;
                panic("<-nilch x");
            });
        }
        if (maybe()) {
            s.recv(nilch, v -> {
                nilPointer[0][0] = v;
                panic("<-nilch (and didn't crash saving result!)");
            });
        }
        if (mustDefault()) {
            s.onDefault(() -> { });
        }
        s.run();
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    // ------------------------------------------------------------------------------------------ the generator's arg

    /** Go: arg.MaybeDefault: at most one default per case. */
    private boolean maybeDefault() {
        if (def) {
            return false;
        }
        def = maybe();
        return def;
    }

    /** Go: arg.MustDefault. */
    private boolean mustDefault() {
        return !def;
    }

    /** Go: arg.reset. */
    private void reset() {
        def = false;
        nreset++;
    }

    // ---------------------------------------------- enumerating all paths through logic that calls choose and maybe

    /** Go: maybe: true, then false on the next run through the logic. */
    private boolean maybe() {
        return choose(2) == 0;
    }

    /** Go: choose: on successive runs through the logic returns 0, 1, ..., n-1. */
    private int choose(int k) {
        if (cp >= choices.size()) {
            // never asked this before: start with 0.
            choices.add(new Choice(0, k));
            cp = choices.size();
            return 0;
        }
        // otherwise give recorded answer
        if (k != choices.get(cp).n()) {
            throw new IllegalStateException("inconsistent choices");
        }
        int i = choices.get(cp).i();
        cp++;
        return i;
    }

    /** Go: next: starts a run, or increments the last choice sequence; false when all have been run. */
    private boolean next() {
        if (cp < 0) {
            // start a new round
            cp = 0;
            return true;
        }
        // increment last choice sequence
        cp = choices.size() - 1;
        while (cp >= 0 && choices.get(cp).i() == choices.get(cp).n() - 1) {
            cp--;
        }
        if (cp < 0) {
            choices.clear();
            return false;
        }
        Choice last = choices.get(cp);
        choices.set(cp, new Choice(last.i() + 1, last.n()));
        choices.subList(cp + 1, choices.size()).clear();
        cp = 0;
        return true;
    }
}
