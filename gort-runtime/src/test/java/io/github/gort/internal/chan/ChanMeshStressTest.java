package io.github.gort.internal.chan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Ticker;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of goroutines pass millions of messages through a mesh of channels (unbuffered and buffered) with
 * select and timeouts; every message must be delivered exactly once. Scaled by -Dgort.stress (default 1: 2,000
 * goroutines, 2,000,000 messages per GOMAXPROCS setting).
 *
 * <p>Producers send each id with a two-way select over random channels, and every 500th send also races a
 * {@code Time.after} timeout (retrying when it fires). Consumers select over two channels plus a shared ticker,
 * and set a channel to nil (Go's idiom) once it is closed and drained; main closes every channel after the
 * producers finish. Conservation: each id seen exactly once, sent == received.
 */
@Tag("stress")
class ChanMeshStressTest {
    private static final int CHANNELS = 32;
    private static final int[] CAPS = {0, 1, 8, 64};

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void everyMessageDeliveredExactlyOnce(int procs) {
        int producers = 1_000;
        int consumers = 1_000;
        int perProducer = 2_000 * TestRuntimes.stress();
        int messages = producers * perProducer;
        AtomicIntegerArray seen = new AtomicIntegerArray(messages);
        LongAdder received = new LongAdder();
        LongAdder sendTimeouts = new LongAdder();
        LongAdder ticks = new LongAdder();
        LongAdder duplicates = new LongAdder();
        long t0 = System.nanoTime();
        GoRuntime rt = TestRuntimes.run(procs, () -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] mesh = new Chan[CHANNELS];
            for (int i = 0; i < CHANNELS; i++) {
                mesh[i] = Chan.make(CAPS[i % CAPS.length]);
            }
            Ticker ticker = Time.newTicker(Duration.ofMillis(1));
            WaitGroup prodWg = new WaitGroup();
            WaitGroup consWg = new WaitGroup();
            for (int c = 0; c < consumers; c++) {
                Chan<Integer> a = mesh[c % CHANNELS];
                Chan<Integer> b = mesh[(c * 7 + 3) % CHANNELS];
                consWg.go(() -> consume(a, b, ticker.c(), seen, received, ticks, duplicates));
            }
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                int seed = p;
                prodWg.go(() -> produce(mesh, base, perProducer, seed, sendTimeouts));
            }
            prodWg.await();
            for (Chan<Integer> ch : mesh) {
                ch.close();
            }
            consWg.await();
            ticker.stop();
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        int missing = 0;
        for (int i = 0; i < messages; i++) {
            if (seen.get(i) != 1) {
                missing++;
            }
        }
        System.out.printf("chan mesh GOMAXPROCS=%d: %d goroutines, %,d messages sent, %,d received, %d duplicates,"
                        + " %d missing, %d send timeouts, %d ticks, %.1f s (%.0f ns/msg); %s%n",
                procs, producers + consumers, messages, received.sum(), duplicates.sum(), missing,
                sendTimeouts.sum(), ticks.sum(), secs, secs * 1e9 / messages, rt.stats());
        assertThat(duplicates.sum()).isZero();
        assertThat(missing).isZero();
        assertThat(received.sum()).isEqualTo(messages);
    }

    private static void produce(Chan<Integer>[] mesh, int base, int n, int seed, LongAdder sendTimeouts) {
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int j = 0; j < n; j++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            Chan<Integer> a = mesh[(int) ((x >>> 1) % CHANNELS)];
            Chan<Integer> b = mesh[(int) ((x >>> 33) % CHANNELS)];
            int id = base + j;
            if (j % 500 == 0) {
                while (Select.of().send(a, id).send(b, id).recv(Time.after(Duration.ofMillis(1))).run() == 2) {
                    sendTimeouts.increment();
                }
            } else {
                Select.of().send(a, id).send(b, id).run();
            }
        }
    }

    private static void consume(Chan<Integer> a0, Chan<Integer> b0, Chan<java.time.Instant> tick,
                                AtomicIntegerArray seen, LongAdder received, LongAdder ticks, LongAdder dups) {
        Chan<Integer>[] cs = newPair(a0, b0);
        Received<?>[] got = new Received<?>[1];
        while (!cs[0].isNil() || !cs[1].isNil()) {
            int chosen = Select.of()
                    .recvOk(cs[0], r -> got[0] = r)
                    .recvOk(cs[1], r -> got[0] = r)
                    .recv(tick, t -> ticks.increment())
                    .run();
            if (chosen == 2) {
                continue;
            }
            if (!got[0].ok()) {
                cs[chosen] = Chan.nil();                      // closed and drained: never ready again
                continue;
            }
            int id = (Integer) got[0].value();
            if (seen.getAndIncrement(id) != 0) {
                dups.increment();
            }
            received.increment();
        }
    }

    @SuppressWarnings("unchecked")
    private static Chan<Integer>[] newPair(Chan<Integer> a, Chan<Integer> b) {
        return new Chan[] {a, a == b ? Chan.nil() : b};
    }
}
