package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static final List<WorkloadSpec> SPECS = Fakes.twoWorkloads();
    private static final WorkloadSpec SPAWN = SPECS.get(0);

    private static RunRecord rec(int run, Impl impl, double... values) {
        Launch launch = SPAWN.launchesOf(impl).get(0);
        List<BenchResult> results = java.util.Arrays.stream(values)
                .mapToObj(v -> BenchResult.parse(Fakes.line("spawn", impl, 2, "ns_per_op", v)).orElseThrow())
                .toList();
        return new RunRecord("spawn", run, launch, results, Optional.empty());
    }

    @Test
    void medianOfRunsAndRatiosAgainstEachPeer() {
        List<RunRecord> records = List.of(
                rec(1, Impl.GORT, 300), rec(1, Impl.GO, 100), rec(1, Impl.JDK, 600),
                rec(2, Impl.GORT, 200), rec(2, Impl.GO, 110), rec(2, Impl.JDK, 400),
                rec(3, Impl.GORT, 250), rec(3, Impl.GO, 90), rec(3, Impl.JDK, 500));
        List<Row> rows = ResultTable.build(List.of(SPAWN), records, Map.of(), w -> true);

        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(row.label()).isEqualTo("spawn procs=2");
        Stats gort = row.cell(Impl.GORT).stats().orElseThrow();
        assertThat(gort.median()).isEqualTo(250);
        assertThat(gort.min()).isEqualTo(200);
        assertThat(gort.max()).isEqualTo(300);
        assertThat(row.ratio(Impl.GO)).contains(2.5);
        assertThat(row.ratio(Impl.JDK)).contains(0.5);
        assertThat(TextTable.render(rows)).contains("spawn procs=2", "250.0", "200.0-300.0", "2.50", "0.50");
    }

    @Test
    void eachGoroutineModeHasItsOwnLineAndTheVirtualThreadLineComparesTheModes() {
        List<RunRecord> records = List.of(
                rec(1, Impl.GORT, 300), rec(1, Impl.GORT_CONTINUATION, 200), rec(1, Impl.GO, 100),
                rec(1, Impl.JDK, 400));
        Row row = ResultTable.build(List.of(SPAWN), records, Map.of(), w -> true).get(0);

        assertThat(row.cell(Impl.GORT_CONTINUATION).stats().orElseThrow().median()).isEqualTo(200);
        assertThat(row.modeRatio()).contains(1.5);
        assertThat(row.ratio(Impl.GORT_CONTINUATION, Impl.JDK)).contains(0.5);
        List<String> lines = TextTable.render(List.of(row)).lines().toList();
        assertThat(lines.get(0)).endsWith("gort/go  gort/jdk  vthread/cont");
        assertThat(lines.get(1)).contains("gort (virtualthread)", "300.0", "3.00", "0.75", "1.50");
        assertThat(lines.get(2)).contains("gort (continuation)", "200.0", "2.00", "0.50").doesNotContain("1.50");
        assertThat(lines.get(3)).contains("go ", "100.0").doesNotContain("1.00");
        assertThat(lines).hasSize(5);
    }

    @Test
    void gortWithoutTheWorkloadIsNotYetAndMissingPeersSayWhy() {
        List<RunRecord> records = List.of(rec(1, Impl.JDK, 600));
        List<Row> rows = ResultTable.build(List.of(SPAWN), records, Map.of(Impl.GO, "no go"), w -> false);

        Row row = rows.get(0);
        assertThat(row.cell(Impl.GORT).status()).isEqualTo(Cell.Status.NOT_YET);
        assertThat(row.cell(Impl.GORT_CONTINUATION).status()).isEqualTo(Cell.Status.NOT_YET);
        assertThat(row.cell(Impl.GO).note()).isEqualTo("no go");
        assertThat(row.cell(Impl.JDK).status()).isEqualTo(Cell.Status.OK);
        assertThat(row.ratio(Impl.JDK)).isEmpty();
        assertThat(TextTable.render(rows)).contains("not yet", "no go");
    }

    @Test
    void aWorkloadNobodyRanStillGetsARow() {
        List<Row> rows = ResultTable.build(SPECS, List.of(), Map.of(Impl.GO, "no go", Impl.JDK, "not selected"),
                w -> false);
        assertThat(rows).extracting(Row::label).containsExactly("spawn", "syscall-fast");
    }

    @Test
    void anImplementationThatFailedEveryRunShowsFailed() {
        Launch go = SPAWN.launchesOf(Impl.GO).get(0);
        List<RunRecord> records = List.of(rec(1, Impl.GORT, 300),
                new RunRecord("spawn", 1, go, List.of(), Optional.of("spawn run 1: timed out")));
        Row row = ResultTable.build(List.of(SPAWN), records, Map.of(), w -> true).get(0);
        assertThat(row.cell(Impl.GO).status()).isEqualTo(Cell.Status.FAILED);
        assertThat(row.cell(Impl.JDK).status()).isEqualTo(Cell.Status.ABSENT);
    }
}
