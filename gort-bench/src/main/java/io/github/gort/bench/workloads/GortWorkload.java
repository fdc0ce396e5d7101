package io.github.gort.bench.workloads;

import java.util.List;

/**
 * gort's side of one side-by-side workload. It runs in a fresh JVM started by the bench harness, does what the
 * Go and JDK peers of the same name do, and prints BENCH lines with {@code impl=gort} (or
 * {@code impl=gort-continuation}, in that goroutine mode) through {@link Measure}.
 *
 * <p>To add a workload, write one class in this package named after it in CamelCase plus {@code Workload}
 * ({@code chan-buffered} is {@code ChanBufferedWorkload}) with a public no-argument constructor;
 * {@link GortWorkloads} finds it by that name, and {@code gort bench} stops showing it as "not yet".
 */
public interface GortWorkload {
    /**
     * Runs the workload and prints its BENCH lines.
     *
     * @param args the sizes and variants, exactly as the JDK peer takes them (e.g. {@code ["16", "parallel"]})
     */
    void run(List<String> args) throws Exception;
}
