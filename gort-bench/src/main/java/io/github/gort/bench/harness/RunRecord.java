package io.github.gort.bench.harness;

import java.util.List;
import java.util.Optional;

/**
 * What one program start produced: its BENCH results, or why it produced none (or fewer than it should).
 *
 * @param workload the workload's command-line name
 * @param run      the run number, from 1
 * @param launch   what was started
 * @param results  the BENCH lines it printed, parsed
 * @param failure  what went wrong (timeout, exit status, malformed line), or empty
 */
public record RunRecord(String workload, int run, Launch launch, List<BenchResult> results, Optional<String> failure) {
    /** Copies the result list. */
    public RunRecord {
        results = List.copyOf(results);
    }
}
