package io.github.gort.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.bench.harness.AgentLaunch;
import io.github.gort.bench.harness.BenchResult;
import io.github.gort.bench.harness.HarnessEnvironment;
import io.github.gort.bench.harness.Impl;
import io.github.gort.bench.harness.Launch;
import io.github.gort.bench.harness.LaunchCommands;
import io.github.gort.bench.harness.ProcessOutcome;
import io.github.gort.bench.harness.ProcessRunner;
import io.github.gort.runtime.GoroutineMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GortWorkloadsTest {
    private final LaunchCommands commands = new LaunchCommands(LaunchCommands.currentJava(), Optional.of(Path.of("/nonexistent")),
            Optional.empty(), System.getProperty("java.class.path"), Path.of("").toAbsolutePath(),
            AgentLaunch.locate(HarnessEnvironment.current()));

    @Test
    void classNamesFollowTheWorkloadName() {
        assertThat(GortWorkloads.className("chan-buffered"))
                .isEqualTo("io.github.gort.bench.workloads.ChanBufferedWorkload");
        assertThat(GortWorkloads.className("syscall-block-handoff"))
                .isEqualTo("io.github.gort.bench.workloads.SyscallBlockHandoffWorkload");
    }

    @Test
    void findsAWorkloadByItsClassAndNothingForAMissingOne() {
        assertThat(GortWorkloads.find("harness-probe")).containsInstanceOf(HarnessProbeWorkload.class);
        assertThat(GortWorkloads.exists("no-such-workload")).isFalse();
    }

    @Test
    void aFreshJvmPrintsAGortBenchLineWithGomaxprocsFromTheEnvironment() throws Exception {
        ProcessOutcome o = new ProcessRunner(Duration.ofMinutes(1))
                .run(commands.commandFor(Launch.gortWithProcs(3, "harness-probe", "1_000")));
        assertThat(o.succeeded()).as(o.stderr()).isTrue();
        BenchResult r = o.stdout().stream().map(BenchResult::parse).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH line in " + o.stdout()));
        assertThat(r.name()).isEqualTo("harness-probe");
        assertThat(r.impl()).isEqualTo("gort");
        assertThat(r.procs()).isEqualTo(3);
        assertThat(r.n()).isEqualTo(1000);
        assertThat(r.fields().keySet()).containsExactly("max_ns_per_op", "min_ns_per_op", "ns_per_op");
        assertThat(r.figure("min_ns_per_op").orElseThrow()).isLessThanOrEqualTo(r.figure("ns_per_op").orElseThrow());
    }

    @Test
    void theContinuationLaunchReportsTheModeItRanIn() throws Exception {
        ProcessOutcome o = new ProcessRunner(Duration.ofMinutes(1))
                .run(commands.commandFor(Launch.gort(List.of(), "harness-probe", "1_000").inContinuationMode()));
        assertThat(o.succeeded()).as(o.stderr()).isTrue();
        assertThat(o.stdout().stream().map(BenchResult::parse).flatMap(Optional::stream).map(BenchResult::impl))
                .containsExactly("gort-continuation");
    }

    @Test
    void theModeLabelsAreTheHarnessImplLabels() {
        assertThat(Measure.implLabel(GoroutineMode.VIRTUAL_THREAD)).isEqualTo(Impl.GORT.label());
        assertThat(Measure.implLabel(GoroutineMode.CONTINUATION)).isEqualTo(Impl.GORT_CONTINUATION.label());
    }

    @Test
    void aMissingWorkloadExitsWithStatus2AndSaysSo() throws Exception {
        ProcessOutcome o = new ProcessRunner(Duration.ofMinutes(1))
                .run(commands.commandFor(Launch.gort(List.of(), "no-such-workload", "1")));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("gort has no workload 'no-such-workload' yet", "NoSuchWorkloadWorkload");
    }
}
