package io.github.gort.bench.workloads;

import java.util.List;

/** A test-only workload that needs no runtime: proves the registry's naming rule and the BENCH line format. */
public final class HarnessProbeWorkload implements GortWorkload {
    @Override
    public void run(List<String> args) throws Exception {
        long n = Measure.arg(args, 0, 10);
        long[] sink = new long[1];
        Measure.run("harness-probe", Measure.gomaxprocs(), n, () -> {
            for (long i = 0; i < n; i++) {
                sink[0] += i;
            }
        });
    }
}
