package io.github.gort.bench.harness;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A report with known figures: spawn with all four implementations (gort in both modes), syscall-fast where gort
 * is "not yet".
 */
final class SampleReport {
    private SampleReport() {}

    static BenchReport build() {
        List<WorkloadSpec> specs = Fakes.twoWorkloads();
        WorkloadSpec spawn = specs.get(0);
        WorkloadSpec fast = specs.get(1);
        List<RunRecord> records = List.of(
                rec(spawn, Impl.GORT, "spawn", 250), rec(spawn, Impl.GORT_CONTINUATION, "spawn", 200),
                rec(spawn, Impl.GO, "spawn", 100),
                rec(spawn, Impl.JDK, "spawn", 1000),
                rec(fast, Impl.GO, "syscall-fast", 220), rec(fast, Impl.GO, "syscall-raw", 180),
                new RunRecord("syscall-fast", 2, fast.launchesOf(Impl.GO).get(0), List.of(),
                        Optional.of("syscall-fast run 2: exited with status 2 <oops> & \"quoted\"")));
        Map<Impl, String> unavailable = Map.of();
        List<Row> rows = ResultTable.build(specs, records, unavailable, w -> w.equals("spawn"));
        return new BenchReport(ZonedDateTime.of(2025, 11, 25, 9, 30, 0, 0, ZoneOffset.UTC), "gort bench --quick",
                new MachineInfo("Linux 6.1", "amd64", 2, "Test CPU <model>", 24L << 30, "Eclipse Adoptium 25", "go1.19.8"),
                "quick", 3, Sizes.QUICK, List.of("gort has no syscall-fast workload yet"), specs, rows, records);
    }

    private static RunRecord rec(WorkloadSpec spec, Impl impl, String name, double v) {
        return new RunRecord(spec.name(), 1, spec.launchesOf(impl).get(0),
                List.of(BenchResult.parse(Fakes.line(name, impl, 2, "ns_per_op", v)).orElseThrow()), Optional.empty());
    }
}
