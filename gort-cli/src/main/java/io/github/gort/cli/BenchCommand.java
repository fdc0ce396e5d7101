package io.github.gort.cli;

import io.github.gort.bench.harness.BenchHarness;
import io.github.gort.bench.harness.BenchOptions;
import io.github.gort.bench.harness.Catalog;
import io.github.gort.bench.harness.Impl;
import io.github.gort.bench.harness.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gort bench}: runs the side-by-side workloads on gort (in both goroutine modes), Go and JDK virtual threads,
 * alternating them run by run, and prints the raw BENCH lines, then a table with the ratios; writes JSON and HTML
 * reports. The work is done by {@link BenchHarness} in gort-bench; this class only maps options.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Run gort's workloads, in both goroutine modes (virtual threads, the default, and "
                    + "GODEBUG=goroutines=continuation), side by side with Go 1.19 and JDK 25 virtual threads (the "
                    + "programs in shared/peers), alternating implementations run by run.",
            "Prints every raw result as a BENCH line, then a table (median, min-max, ratios gort/go and gort/jdk "
                    + "per mode, vthread/cont between the modes; every figure is lower-is-better, so a ratio below 1 "
                    + "means the numerator did better), and writes "
                    + "results-<time>.json and report-<time>.html (plus latest.json, latest.html) to --out."},
        footer = {"",
            "Peers directory: --peers-dir, else $GORT_PEERS, else <gort.home>/../shared/peers,",
            "  else ../shared/peers from the working directory; with none there, gort runs alone.",
            "Go missing: the Go column is skipped (install with: apt-get install golang-go).",
            "",
            "Exit status: 0 all ran; 1 ran, but some programs failed or timed out; 2 usage error, or --peers-dir/$GORT_PEERS holds no peers."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", completionCandidates = WorkloadNames.class,
            description = "Workloads to run (default: all): ${COMPLETION-CANDIDATES}.")
    private List<String> workloads = new ArrayList<>();

    @Option(names = "--quick", description = "Smaller sizes (run-all.sh --quick) and 3 runs instead of 5.")
    private boolean quick;

    @Option(names = "--peers", split = ",", paramLabel = "PEER", defaultValue = "go,jdk",
            description = "Peers to compare with: go, jdk or go,jdk (default: ${DEFAULT-VALUE}).")
    private List<String> peers = new ArrayList<>();

    @Option(names = "--trace", description = "Also run gort's default mode with the execution trace on (written to "
            + "a temporary file), a line 'gort (virtualthread, traced)' with the ratio traced/off: the trace's overhead.")
    private boolean traced;

    @Option(names = "--runs", paramLabel = "R", description = "Runs per implementation (default: 3 quick, 5 full).")
    private Integer runs;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Kill a program still running after this long (default: 120 quick, 600 full).")
    private Long timeoutSeconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Where the JSON and HTML reports go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--peers-dir", paramLabel = "DIR", description = "The peers directory (holding go/ and jdk/).")
    private Path peersDir;

    @Override
    public Integer call() throws Exception {
        BenchOptions options;
        try {
            options = new BenchOptions(workloads, quick ? Mode.QUICK : Mode.FULL, peerSet(),
                    Optional.ofNullable(runs), Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds),
                    out, Optional.ofNullable(peersDir), commandLine());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            return BenchHarness.current(spec.commandLine().getOut(), spec.commandLine().getErr()).run(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("gort bench: interrupted; the running program was killed");
            return BenchHarness.SOME_FAILED;
        }
    }

    private Set<Impl> peerSet() {
        Set<Impl> set = new LinkedHashSet<>();
        for (String p : peers) {
            if (!p.isBlank()) {
                set.add(Impl.peerNamed(p));
            }
        }
        if (traced) {
            set.add(Impl.GORT_TRACED);
        }
        return set;
    }

    /** The command as typed, for the reports: {@code gort bench} and the arguments after the subcommand name. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf(spec.name());
        StringBuilder b = new StringBuilder("gort bench");
        args.subList(at + 1, args.size()).forEach(a -> b.append(' ').append(a));
        return b.toString();
    }

    /** The workload names, for picocli's help and completion. */
    public static final class WorkloadNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Catalog.NAMES.iterator();
        }
    }
}
