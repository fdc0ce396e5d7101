package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/chan/sieve1.go}: the classical inefficient concurrent prime sieve, a linear chain of
 * divisibility filters; the primes up to 100 are checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoSieve1Test {
    static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
            83, 89, 97};

    /** Send the sequence 2, 3, 4, ... to channel ch. Go: Generate. */
    private static void generate(Chan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copy the values from in to out, removing those divisible by prime. Go: Filter. */
    private static void filter(Chan<Integer> in, Chan<Integer> out, int prime) {
        for (int i : in) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    /** The prime sieve: daisy-chain Filter processes together. Go: Sieve. */
    private static void sieve(Chan<Integer> primes) {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> gen = ch;
        Go.go(() -> generate(gen));
        while (true) {
            // Note that ch is different on each iteration.
            int prime = ch.recv();
            primes.send(prime);
            Chan<Integer> ch1 = Chan.make();
            Chan<Integer> in = ch;
            Go.go(() -> filter(in, ch1, prime));
            ch = ch1;
        }
    }

    /** Go: test/chan/sieve1.go main. */
    @Test
    void sieve1() {
        GoRun.main(() -> {
            Chan<Integer> primes = Chan.make();
            Go.go(() -> sieve(primes));
            for (int a : PRIMES) {
                int x = primes.recv();
                if (x != a) {
                    fail("%d != %d", x, a);
                }
            }
        });
    }
}
