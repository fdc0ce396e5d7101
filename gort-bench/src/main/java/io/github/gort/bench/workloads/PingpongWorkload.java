package io.github.gort.bench.workloads;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import java.util.List;

/**
 * pingpong: two goroutines pass a token back and forth over unbuffered channels; ns per round trip. Peers:
 * go/pingpong, jdk/PingPong.java. Args: {@code [N]} round trips per repetition (default 1,000,000).
 */
public final class PingpongWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        int n = (int) Measure.arg(args, 0, 1_000_000);
        Config config = Config.fromEnvironment();
        MainGoroutine.run(config, () -> Measure.run("pingpong", config.gomaxprocs(), n, () -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v + 1);
                }
                pong.close();
            });
            for (int i = 0; i < n; i++) {
                ping.send(i);
                pong.recv();
            }
            ping.close();
        }));
    }
}
