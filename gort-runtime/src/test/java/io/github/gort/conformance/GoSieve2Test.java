package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/sieve2.go}: an Eratosthenes-like sieve over odd candidates, merging channels of multiples
 * through a heap, with a proxy goroutine whose select disables its send case (nil channel) while its buffer is
 * empty. Go's container/heap and container/ring become a PriorityQueue and an ArrayDeque.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSieve2Test {
    /** A chan of odd numbers, starting from 5. Go: odds. */
    private static Chan<Integer> odds() {
        Chan<Integer> out = Chan.make(50);
        Go.go(() -> {
            for (int n = 5; ; n += 2) {
                out.send(n);
            }
        });
        return out;
    }

    /** A chan of odd multiples of the prime p, starting from p*p. Go: multiples. */
    private static Chan<Integer> multiples(int p) {
        Chan<Integer> out = Chan.make(10);
        Go.go(() -> {
            for (int n = p * p; ; n += 2 * p) {
                out.send(n);
            }
        });
        return out;
    }

    /** Go: PeekCh. */
    private static final class PeekCh {
        int head;
        final Chan<Integer> ch;

        PeekCh(int head, Chan<Integer> ch) {
            this.head = head;
            this.ch = ch;
        }
    }

    /**
     * A channel that serves as a sending proxy to out: a goroutine receives from it into an expanding buffer, so
     * sending to out never blocks. Go: sendproxy.
     */
    private static Chan<Integer> sendproxy(Chan<Integer> out) {
        Chan<Integer> proxy = Chan.make(10);
        Go.go(() -> {
            ArrayDeque<Integer> buf = new ArrayDeque<>(16);
            while (true) {
                Chan<Integer> c = out;
                int e = 0;
                if (buf.isEmpty()) {
                    c = Chan.nil(); // buffer empty: disable output
                } else {
                    e = buf.peekFirst();
                }
                Select.of()
                        .recv(proxy, buf::addLast)
                        .send(c, e, buf::pollFirst)
                        .run();
            }
        });
        return proxy;
    }

    /** A chan of primes. Go: Sieve. */
    private static Chan<Integer> sieve() {
        // The output values.
        Chan<Integer> out = Chan.make(10);
        out.send(2);
        out.send(3);
        // The channel of all composites to be eliminated in increasing order.
        Chan<Integer> composites = Chan.make(50);
        // The feedback loop.
        Chan<Integer> primes = Chan.make(10);
        primes.send(3);
        // Merge channels of multiples of primes into composites.
        Go.go(() -> {
            PriorityQueue<PeekCh> h = new PriorityQueue<>(Comparator.comparingInt((PeekCh p) -> p.head));
            int min = 15;
            while (true) {
                Chan<Integer> m = multiples(primes.recv());
                int head = m.recv();
                while (min < head) {
                    composites.send(min);
                    PeekCh minchan = h.poll();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                while (min == head) {
                    PeekCh minchan = h.poll();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                composites.send(head);
                h.add(new PeekCh(m.recv(), m));
            }
        });
        // Sieve out composites from candidates.
        Go.go(() -> {
            // The merging goroutine receives from primes much slower than this one sends to it; without the proxy's
            // automatic buffering this goroutine would block sending and the sieve would deadlock.
            Chan<Integer> proxied = sendproxy(primes);
            Chan<Integer> candidates = odds();
            int p = candidates.recv();
            while (true) {
                int c = composites.recv();
                while (p < c) {
                    proxied.send(p);
                    out.send(p);
                    p = candidates.recv();
                }
                if (p == c) {
                    p = candidates.recv();
                }
            }
        });
        return out;
    }

    /** Go: test/chan/sieve2.go main. */
    @Test
    void sieve2() {
        GoRun.main(() -> {
            Chan<Integer> primes = sieve();
            for (int a : GoSieve1Test.PRIMES) {
                int x = primes.recv();
                if (x != a) {
                    fail("%d != %d", x, a);
                }
            }
        });
    }
}
