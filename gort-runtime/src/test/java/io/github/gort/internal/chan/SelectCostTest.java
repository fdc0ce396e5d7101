package io.github.gort.internal.chan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.testing.TestRuntimes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import org.junit.jupiter.api.Test;

/**
 * What a blocking select costs next to a plain channel hand-off, counted in bytes allocated (exact and
 * independent of load, unlike time). Go's select keeps its state on the stack and takes sudogs from a per-P
 * cache: it allocates nothing. In gort a Select that is reused in a loop keeps its run state (poll and lock order,
 * one sudog per case) from run to run, so a round trip through it allocates no more than a plain round trip,
 * whose blocking receive allocates one sudog per side.
 */
class SelectCostTest {
    private static final int ROUNDS = 20_000;

    @Test
    void aReusedBlockingSelectAllocatesNoMoreThanAPlainReceive() {
        long[] bytes = new long[2];
        TestRuntimes.run(Config.defaults().gomaxprocs(1), () -> {
            Chan<Integer> done = Chan.make();
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Chan<Integer> sping = Chan.make();
            Chan<Integer> spong = Chan.make();
            Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v);
                }
            });
            Go.go(() -> {
                Integer[] got = new Integer[1];
                Select sel = Select.of().recv(done).recv(sping, v -> got[0] = v);
                while (sel.run() == 1) {
                    spong.send(got[0]);
                }
            });
            Integer token = 7;
            bytes[0] = Long.MAX_VALUE;
            bytes[1] = Long.MAX_VALUE;
            // The fewest bytes of several rounds: the first rounds run while the JIT settles, and a goroutine's
            // stack now and then needs a new chunk when it parks, whichever way it parks.
            for (int round = 0; round < 6; round++) {
                bytes[0] = Math.min(bytes[0], allocated(() -> roundTrips(ping, pong, token)));
                bytes[1] = Math.min(bytes[1], allocated(() -> roundTrips(sping, spong, token)));
            }
            ping.close();
            done.close();
        });
        double plain = bytes[0] / (double) ROUNDS;
        double select = bytes[1] / (double) ROUNDS;
        System.out.printf("bytes allocated per round trip: plain %.1f, through a reused two-case select %.1f%n", plain,
                select);
        assertThat(select).as("bytes per round trip through a reused select (plain: %.1f)", plain)
                .isLessThanOrEqualTo(plain);
    }

    private static void roundTrips(Chan<Integer> out, Chan<Integer> in, Integer token) {
        for (int i = 0; i < ROUNDS; i++) {
            out.send(token);
            in.recv();
        }
    }

    /** Bytes allocated by the runtime's threads (gort-*) while body runs. */
    private static long allocated(Runnable body) {
        long before = runtimeThreadBytes();
        body.run();
        return runtimeThreadBytes() - before;
    }

    private static long runtimeThreadBytes() {
        com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo ti : tb.getThreadInfo(tb.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("gort-")) {
                sum += Math.max(0, tb.getThreadAllocatedBytes(ti.getThreadId()));
            }
        }
        return sum;
    }
}
