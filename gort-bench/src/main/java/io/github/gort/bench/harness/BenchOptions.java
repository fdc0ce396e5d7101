package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the user asked {@code gort bench} for.
 *
 * @param workloads names from {@link Catalog#NAMES}; empty means all
 * @param mode      quick or full
 * @param peers     the lines gort's default mode is compared with: the peers ({@link Impl#GO}, {@link Impl#JDK}),
 *                  and {@link Impl#GORT_TRACED}, itself with the execution trace on ({@code --trace})
 * @param runs      runs per implementation, or empty for the mode's default
 * @param timeout   the per-program timeout, or empty for the mode's default
 * @param outDir    where the JSON and HTML reports go
 * @param peersDir  the {@code --peers-dir} option, or empty to search
 * @param command   the command line as typed, for the reports
 */
public record BenchOptions(List<String> workloads, Mode mode, Set<Impl> peers, Optional<Integer> runs,
                           Optional<Duration> timeout, Path outDir, Optional<Path> peersDir, String command) {
    /** Copies the collections and checks the names, peers and counts; throws IllegalArgumentException saying what to fix. */
    public BenchOptions {
        workloads = List.copyOf(workloads);
        peers = Set.copyOf(peers);
        for (String w : workloads) {
            if (!Catalog.NAMES.contains(w)) {
                throw new IllegalArgumentException("unknown workload '" + w + "'; choose from "
                        + String.join(", ", Catalog.NAMES));
            }
        }
        if (peers.contains(Impl.GORT)) {
            throw new IllegalArgumentException("gort always runs; --peers takes go, jdk or go,jdk");
        }
        if (runs.isPresent() && runs.get() < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs.get());
        }
        if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout.get().toSeconds() + " s");
        }
    }

    /** The workloads to run, at the mode's sizes, in catalog order. */
    public List<WorkloadSpec> specs() {
        return Catalog.all(mode.sizes()).stream()
                .filter(s -> workloads.isEmpty() || workloads.contains(s.name())).toList();
    }

    /** Runs per implementation. */
    public int effectiveRuns() {
        return runs.orElse(mode.defaultRuns());
    }

    /** The per-program timeout. */
    public Duration effectiveTimeout() {
        return timeout.orElse(mode.defaultTimeout());
    }
}
