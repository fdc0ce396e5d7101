package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    private final Fakes.Recorder recorder = new Fakes.Recorder();
    private final List<Launch> started = new ArrayList<>();

    private ProcessOutcome answer(Launch l) {
        started.add(l);
        return Fakes.printed(Fakes.line(l.program().contains("Spawn") || l.program().equals("spawn") ? "spawn"
                : "syscall-fast", l.impl(), 2, "ns_per_op", 100));
    }

    /** What gort bench runs without --trace: every implementation but the traced line. */
    private static final EnumSet<Impl> WITHOUT_TRACE = EnumSet.complementOf(EnumSet.of(Impl.GORT_TRACED));

    @Test
    void withTraceTheTracedLineRunsAfterBothModesInEveryRun() throws Exception {
        BenchRunner runner = new BenchRunner(this::answer, EnumSet.of(Impl.GORT, Impl.GORT_CONTINUATION,
                Impl.GORT_TRACED, Impl.GO), w -> true, recorder);
        runner.run(Fakes.twoWorkloads().subList(0, 1), 2);

        assertThat(started).extracting(l -> l.impl().peerName()).containsExactly(
                "gort", "gort-continuation", "gort-traced", "go", "gort", "gort-continuation", "gort-traced", "go");
        assertThat(started).filteredOn(l -> l.impl() == Impl.GORT_TRACED)
                .allMatch(l -> l.jvmFlags().contains(Launch.TRACE_FLAG));
    }

    @Test
    void alternatesGortInBothModesGoJdkRunByRunWithinEachWorkload() throws Exception {
        BenchRunner runner = new BenchRunner(this::answer, WITHOUT_TRACE, w -> true, recorder);
        List<RunRecord> records = runner.run(Fakes.twoWorkloads(), 2);

        assertThat(started).extracting(l -> l.impl().peerName()).containsExactly(
                "gort", "gort-continuation", "go", "jdk", "gort", "gort-continuation", "go", "jdk",  // spawn, runs 1, 2
                "gort", "gort-continuation", "go", "gort", "gort-continuation", "go");  // syscall-fast: no JDK peer
        assertThat(records).extracting(RunRecord::run).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2);
        assertThat(records).allMatch(r -> r.failure().isEmpty() && r.results().size() == 1);
        assertThat(recorder.events).filteredOn(e -> e.startsWith("result")).hasSize(14);
    }

    @Test
    void skipsGortWhereItHasNoWorkloadYetAndPeersThatAreDisabled() throws Exception {
        BenchRunner runner = new BenchRunner(this::answer, EnumSet.of(Impl.GORT, Impl.GORT_CONTINUATION, Impl.JDK),
                w -> !w.equals("spawn"), recorder);
        runner.run(Fakes.twoWorkloads(), 1);
        assertThat(started).extracting(l -> l.impl().peerName() + " " + l.program())
                .containsExactly("jdk Spawn.java", "gort syscall-fast", "gort-continuation syscall-fast");
    }

    @Test
    void aTimeoutIsRecordedAndReportedAndTheRunsGoOn() throws Exception {
        BenchRunner runner = new BenchRunner(l -> {
            started.add(l);
            return l.impl() == Impl.GO ? Fakes.timedOut() : answer(l);
        }, WITHOUT_TRACE, w -> true, recorder);
        List<RunRecord> records = runner.run(Fakes.twoWorkloads().subList(0, 1), 1);

        assertThat(records).hasSize(4);
        RunRecord go = records.get(2);
        assertThat(go.failure()).hasValueSatisfying(m -> assertThat(m)
                .contains("spawn run 1", "fake --hang", "timed out after 3 s", "--timeout"));
        assertThat(recorder.events).anyMatch(e -> e.startsWith("failure spawn run 1"));
        assertThat(records.get(3).failure()).isEmpty();
    }

    @Test
    void aCrashOrAWrongImplOrNoLineIsAFailure() throws Exception {
        List<ProcessOutcome> outcomes = new ArrayList<>(List.of(
                Fakes.exited(3, "Exception in thread main\nboom"),
                Fakes.printed(Fakes.line("spawn", Impl.GORT, 2, "ns_per_op", 1)),  // ran in the default mode instead
                Fakes.printed(Fakes.line("spawn", Impl.JDK, 2, "ns_per_op", 1)),   // go claiming to be the JDK
                Fakes.printed("hello")));
        BenchRunner runner = new BenchRunner(l -> outcomes.remove(0), WITHOUT_TRACE, w -> true, recorder);
        List<RunRecord> records = runner.run(Fakes.twoWorkloads().subList(0, 1), 1);

        assertThat(records.get(0).failure()).hasValueSatisfying(m -> assertThat(m).contains("status 3", "boom"));
        assertThat(records.get(1).failure()).hasValueSatisfying(m -> assertThat(m)
                .contains("expected impl=gort-continuation but got: BENCH name=spawn impl=gort "));
        assertThat(records.get(2).failure()).hasValueSatisfying(m -> assertThat(m).contains("expected impl=go"));
        assertThat(records.get(2).results()).isEmpty();
        assertThat(records.get(3).failure()).hasValueSatisfying(m -> assertThat(m).contains("no BENCH line"));
    }
}
