package io.github.gort.cli.examples;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import java.util.List;

/**
 * {@code primes [N]}: Go's concurrent prime sieve. A generator sends 2, 3, 4, ...; each prime found starts a
 * filter goroutine that drops its multiples, chained through unbuffered channels (one goroutine per prime).
 */
final class Primes implements Example {
    @Override
    public String name() {
        return "primes";
    }

    @Override
    public String description() {
        return "primes [N]: the concurrent prime sieve, a goroutine per prime; prints the first N primes (default 100)";
    }

    @Override
    public int main(List<String> args) {
        long n = Example.count(args, 0, 100, "primes: N");
        Chan<Integer> ch = Chan.make();
        Go.go(() -> generate(ch));
        Chan<Integer> in = ch;
        StringBuilder out = new StringBuilder();
        for (long i = 0; i < n; i++) {
            int prime = in.recv();
            out.append(prime).append('\n');
            Chan<Integer> next = Chan.make();
            Chan<Integer> src = in;
            Go.go(() -> filter(src, next, prime));
            in = next;
        }
        System.out.print(out);
        return 0;
    }

    /** Sends 2, 3, 4, ... forever. */
    private static void generate(Chan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Passes on the values of in that are not multiples of prime. */
    private static void filter(Chan<Integer> in, Chan<Integer> out, int prime) {
        while (true) {
            int i = in.recv();
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }
}
