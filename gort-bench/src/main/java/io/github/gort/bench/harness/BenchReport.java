package io.github.gort.bench.harness;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * Everything one {@code gort bench} invocation produced, as written to the JSON and HTML reports.
 *
 * @param generated when the run finished
 * @param command   the command line that produced it
 * @param machine   where it ran
 * @param mode      {@code quick} or {@code full}
 * @param runs      runs per implementation per workload
 * @param sizes     the workload sizes
 * @param notes     things the reader must know (e.g. Go was not installed)
 * @param specs     the workloads run
 * @param rows      the comparison
 * @param records   every program start, with its raw results or failure
 */
public record BenchReport(ZonedDateTime generated, String command, MachineInfo machine, String mode, int runs,
                          Sizes sizes, List<String> notes, List<WorkloadSpec> specs, List<Row> rows,
                          List<RunRecord> records) {
    /** Copies the lists. */
    public BenchReport {
        notes = List.copyOf(notes);
        specs = List.copyOf(specs);
        rows = List.copyOf(rows);
        records = List.copyOf(records);
    }

    /** The failure messages of all records, in run order. */
    public List<String> failures() {
        return records.stream().flatMap(r -> r.failure().stream()).toList();
    }
}
