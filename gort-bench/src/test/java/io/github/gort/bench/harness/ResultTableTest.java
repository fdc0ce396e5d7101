package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /** echoload's line for impl (filed under benchName by BenchRunner, as the launch says). */
    private static RunRecord echo(Launch launch, double rps, double p99) {
        BenchResult r = BenchResult.parse("BENCH name=tcp-echo impl=" + launch.impl().label() + " procs=2 n=5000 "
                + "conns=200 size=64 rps=" + rps + " p50_us=100 p99_us=" + p99 + " bytes_per_conn=7000 threads=5 "
                + "errors=0").orElseThrow().named(launch.underLoad().orElseThrow().benchName());
        return new RunRecord("tcp-echo", 1, launch, List.of(r), Optional.empty());
    }

    @Test
    void tcpEchoHasARowPerFigureAndTheJavaNetRowIsComparedWithTheSamePeerRuns() {
        WorkloadSpec spec = Catalog.named("tcp-echo", Sizes.QUICK).orElseThrow();
        List<Launch> gort = spec.launchesOf(Impl.GORT);
        List<RunRecord> records = List.of(echo(gort.get(0), 20_000, 30_000), echo(gort.get(1), 10_000, 60_000),
                echo(spec.launchesOf(Impl.GORT_CONTINUATION).get(0), 30_000, 20_000),
                echo(spec.launchesOf(Impl.GO).get(0), 40_000, 20_000),
                echo(spec.launchesOf(Impl.JDK).get(0), 20_000, 40_000));
        List<Row> rows = ResultTable.build(List.of(spec), records, Map.of(), w -> true);

        assertThat(rows).extracting(r -> r.label() + " " + r.figure().key()).containsExactly(
                "tcp-echo procs=2 rps", "tcp-echo procs=2 p50_us", "tcp-echo procs=2 p99_us",
                "tcp-echo procs=2 bytes_per_conn", "tcp-echo procs=2 threads", "tcp-echo procs=2 errors",
                "tcp-echo-java.net procs=2 rps", "tcp-echo-java.net procs=2 p50_us", "tcp-echo-java.net procs=2 p99_us",
                "tcp-echo-java.net procs=2 bytes_per_conn", "tcp-echo-java.net procs=2 threads",
                "tcp-echo-java.net procs=2 errors");
        assertThat(rows.get(0).ratio(Impl.GO)).as("gort net rps / go rps").contains(0.5);
        assertThat(rows.get(0).modeRatio()).contains(20_000.0 / 30_000);
        assertThat(rows.get(2).ratio(Impl.JDK)).as("p99").contains(0.75);
        Row javaNetRps = rows.get(6);
        assertThat(javaNetRps.cell(Impl.GORT).stats().orElseThrow().median()).isEqualTo(10_000);
        assertThat(javaNetRps.ratio(Impl.GO)).as("java.net rps / the same go runs").contains(0.25);
        assertThat(javaNetRps.cell(Impl.GORT_CONTINUATION).status()).isEqualTo(Cell.Status.ABSENT);
        assertThat(rows.get(5).ratio(Impl.GO)).as("0 errors over 0: no ratio").isEmpty();
        assertThat(TextTable.render(rows)).contains("rps (round trips/s, higher is better)", "p99_us (us)");
    }

    @Test
    void withTheTraceOnATracedLineFollowsWithTheRatioTracedOverOff() {
        List<RunRecord> records = List.of(rec(1, Impl.GORT, 300), rec(1, Impl.GORT_CONTINUATION, 200),
                rec(1, Impl.GORT_TRACED, 330), rec(1, Impl.GO, 100), rec(1, Impl.JDK, 400));
        Row row = ResultTable.build(List.of(SPAWN), records, Map.of(), w -> true).get(0);

        assertThat(row.traceRatio()).hasValueSatisfying(r -> assertThat(r).isCloseTo(1.1, within(1e-9)));
        List<String> lines = TextTable.render(List.of(row)).lines().toList();
        assertThat(lines.get(0)).endsWith("vthread/cont  traced/off");
        assertThat(lines.get(3)).contains("gort (virtualthread, traced)", "330.0").endsWith("1.10");
        assertThat(lines).hasSize(6);
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
