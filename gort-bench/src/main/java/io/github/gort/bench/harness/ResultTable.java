package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Folds run records into table rows: one row per workload variant (BENCH name and procs) and figure, one cell per
 * implementation, the median of the per-run figures with their min and max. Most workloads have one figure; one
 * with {@link WorkloadSpec#moreFigures() more} (tcp-echo) gets a row per figure for each variant.
 *
 * <p>A variant only gort has (tcp-echo-java.net: a second gort server under the same load) has no peer lines of
 * its own; its Go and JDK cells are the peers' figures of the workload's main variant (same name as the workload,
 * same procs), so that its ratios compare it with the same Go and JDK runs.
 *
 * <p>Every selected workload gets at least one row, so a workload nobody could run still shows, with its reasons.
 */
public final class ResultTable {
    private ResultTable() {}

    /**
     * Builds the rows.
     *
     * @param specs       the workloads that were run, in order
     * @param records     every program start's record
     * @param unavailable implementations that did not run, with the note to show (e.g. GO: "no go")
     * @param gortHas     whether gort has a workload yet
     */
    public static List<Row> build(List<WorkloadSpec> specs, List<RunRecord> records, Map<Impl, String> unavailable,
                                  Predicate<String> gortHas) {
        List<Row> rows = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            List<RunRecord> mine = records.stream().filter(r -> r.workload().equals(spec.name())).toList();
            Map<String, int[]> variants = new LinkedHashMap<>();   // "name procs" -> {procs}
            Map<String, String> names = new LinkedHashMap<>();
            for (RunRecord r : mine) {
                for (BenchResult b : r.results()) {
                    String key = b.name() + " " + b.procs();
                    variants.putIfAbsent(key, new int[] {b.procs()});
                    names.putIfAbsent(key, b.name());
                }
            }
            if (variants.isEmpty()) {
                for (Figure figure : spec.figures()) {
                    rows.add(row(spec, figure, spec.name(), 0, mine, unavailable, gortHas));
                }
            }
            for (Map.Entry<String, int[]> v : variants.entrySet()) {
                for (Figure figure : spec.figures()) {
                    rows.add(row(spec, figure, names.get(v.getKey()), v.getValue()[0], mine, unavailable, gortHas));
                }
            }
        }
        return rows;
    }

    private static Row row(WorkloadSpec spec, Figure figure, String name, int procs, List<RunRecord> mine,
                           Map<Impl, String> unavailable, Predicate<String> gortHas) {
        Map<Impl, Cell> cells = new EnumMap<>(Impl.class);
        for (Impl impl : Impl.values()) {
            cells.put(impl, cell(spec, figure, impl, name, procs, mine, unavailable, gortHas));
        }
        return new Row(spec.name(), name, procs, figure, cells);
    }

    private static Cell cell(WorkloadSpec spec, Figure figure, Impl impl, String name, int procs,
                             List<RunRecord> mine, Map<Impl, String> unavailable, Predicate<String> gortHas) {
        List<RunRecord> ofImpl = mine.stream().filter(r -> r.launch().impl() == impl).toList();
        List<BenchResult> all = ofImpl.stream().flatMap(r -> r.results().stream()).toList();
        List<BenchResult> lines = all.stream().filter(b -> b.name().equals(name) && b.procs() == procs).toList();
        if (lines.isEmpty() && !impl.isGort() && gortOnly(name, mine)) {
            lines = all.stream().filter(b -> b.name().equals(spec.name()) && b.procs() == procs).toList();
        }
        List<Double> values = lines.stream().map(b -> b.figure(figure.key()))
                .flatMap(Optional::stream).toList();
        if (!values.isEmpty()) {
            return Cell.ok(values);
        }
        if (impl.isGort() && !gortHas.test(spec.name())) {
            return Cell.without(Cell.Status.NOT_YET, "not yet");
        }
        if (unavailable.containsKey(impl)) {
            return Cell.without(Cell.Status.UNAVAILABLE, unavailable.get(impl));
        }
        if (!lines.isEmpty()) {
            return Cell.without(Cell.Status.ABSENT, "no " + figure.key());
        }
        if (ofImpl.stream().anyMatch(r -> r.failure().isPresent())) {
            return Cell.without(Cell.Status.FAILED, "failed");
        }
        return Cell.without(Cell.Status.ABSENT, "-");
    }

    /** True when only gort's launches printed lines named {@code name}. */
    private static boolean gortOnly(String name, List<RunRecord> mine) {
        return mine.stream().filter(r -> r.results().stream().anyMatch(b -> b.name().equals(name)))
                .allMatch(r -> r.launch().impl().isGort());
    }
}
