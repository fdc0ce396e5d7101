package io.github.gort.cli.examples;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import java.util.List;

/** {@code pingpong [N]}: two goroutines pass a counter back and forth over unbuffered channels; ns per round trip. */
final class PingPong implements Example {
    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public String description() {
        return "pingpong [N]: N round trips (default 1,000,000) over two unbuffered channels; prints ns per round trip";
    }

    @Override
    public int main(List<String> args) {
        long n = Example.count(args, 0, 1_000_000, "pingpong: N");
        Chan<Long> ping = Chan.make();
        Chan<Long> pong = Chan.make();
        Go.go(() -> {
            for (Long v : ping) {
                pong.send(v + 1);
            }
        });
        roundTrips(ping, pong, Math.min(n, 100_000));          // warm up the JIT
        long t0 = System.nanoTime();
        long last = roundTrips(ping, pong, n);
        long ns = System.nanoTime() - t0;
        ping.close();
        if (last != n) {
            System.out.printf("pingpong: the last reply was %d, expected %d%n", last, n);
            return 1;
        }
        System.out.printf("%,d round trips in %.1f ms: %.0f ns per round trip (GOMAXPROCS=%d)%n",
                n, ns / 1e6, (double) ns / n, Go.gomaxprocs());
        return 0;
    }

    private static long roundTrips(Chan<Long> ping, Chan<Long> pong, long n) {
        long last = 0;
        for (long i = 0; i < n; i++) {
            ping.send(i);
            last = pong.recv();
        }
        return last;
    }
}
