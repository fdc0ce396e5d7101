package io.github.gort.bench.workloads;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import java.util.List;

/**
 * chan-buffered: one producer and one consumer over a channel of capacity 128; ns per item. Peers:
 * go/chanbuffered, jdk/ChanBuffered.java. Args: {@code [N]} items per repetition (default 10,000,000).
 */
public final class ChanBufferedWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        int n = (int) Measure.arg(args, 0, 10_000_000);
        Config config = Config.fromEnvironment();
        MainGoroutine.run(config, () -> Measure.run("chan-buffered", config.gomaxprocs(), n, () -> {
            Chan<Integer> c = Chan.make(128);
            Chan<Long> done = Chan.make();
            Go.go(() -> {
                long s = 0;
                for (Integer v : c) {
                    s += v;
                }
                done.send(s);
            });
            for (int i = 0; i < n; i++) {
                c.send(i);
            }
            c.close();
            done.recv();
        }));
    }
}
