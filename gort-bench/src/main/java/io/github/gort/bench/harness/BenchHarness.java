package io.github.gort.bench.harness;

import io.github.gort.bench.workloads.GortWorkloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code gort bench} end to end: find the peers, build the Go ones, run every workload alternating gort (in both
 * goroutine modes), Go and the JDK, print the raw BENCH lines and then the table on {@code out}, progress and
 * problems on {@code err}, and write the JSON and HTML reports.
 *
 * <p>Without peers beside the checkout (none named, none in {@link PeersLocator#defaultPlaces}), gort's side runs
 * alone and a note says where the peers would be found.
 *
 * <p>Exit status: 0 when every program ran and reported, 1 when some failed (the table still prints), 2 when
 * {@code --peers-dir} or {@code GORT_PEERS} names a directory without peers.
 */
public final class BenchHarness {
    /** Exit status: all ran. */
    public static final int OK = 0;
    /** Exit status: ran, but some programs failed. */
    public static final int SOME_FAILED = 1;
    /** Exit status: could not start (the peers directory named by option or variable holds no peers). */
    public static final int CANNOT_RUN = 2;

    private final HarnessEnvironment environment;
    private final Predicate<String> gortHas;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param environment where to look for peers, Go and java
     * @param gortHas     whether gort has a workload yet (normally {@link GortWorkloads#exists})
     * @param out         raw results, the table and report paths
     * @param err         progress and problems
     */
    public BenchHarness(HarnessEnvironment environment, Predicate<String> gortHas, PrintWriter out, PrintWriter err) {
        this.environment = environment;
        this.gortHas = gortHas;
        this.out = out;
        this.err = err;
    }

    /**
     * A harness for this JVM, with gort's real workload registry; tcp-echo's gort servers are {@code gort run}
     * examples, so gort has that workload where {@code gort run} is on the class path (gort.jar).
     */
    public static BenchHarness current(PrintWriter out, PrintWriter err) {
        return new BenchHarness(HarnessEnvironment.current(),
                name -> name.equals("tcp-echo") ? LaunchCommands.gortRunPresent() : GortWorkloads.exists(name), out, err);
    }

    /** Runs the benchmarks {@code options} asks for; returns the exit status. */
    public int run(BenchOptions options) throws InterruptedException, IOException {
        try {
            return runAndReport(options);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int runAndReport(BenchOptions options) throws InterruptedException, IOException {
        Optional<Path> peersDir;
        try {
            peersDir = PeersLocator.locate(options.peersDir(), Optional.ofNullable(environment.env().get(PeersLocator.ENV)),
                    environment.gortHome(), environment.workingDir());
        } catch (PeersLocator.PeersNotFoundException e) {
            err.println("gort bench: " + e.getMessage());
            return CANNOT_RUN;
        }
        List<WorkloadSpec> specs = options.specs();
        List<String> notes = new ArrayList<>();
        Map<Impl, String> unavailable = new EnumMap<>(Impl.class);
        Set<Impl> enabled = EnumSet.of(Impl.GORT, Impl.GORT_CONTINUATION);
        Optional<GoPeers> go = Optional.empty();
        if (peersDir.isPresent()) {
            go = setUpGo(options, peersDir.get(), notes, unavailable);
            setUpJdk(options, peersDir.get(), notes, unavailable);
        } else {
            withoutPeers(options, notes, unavailable);
        }
        for (Impl peer : List.of(Impl.GO, Impl.JDK)) {
            if (!unavailable.containsKey(peer)) {
                enabled.add(peer);
            }
        }
        if (options.peers().contains(Impl.GORT_TRACED)) {
            enabled.add(Impl.GORT_TRACED);
        } else {
            unavailable.put(Impl.GORT_TRACED, "not selected");
        }
        if (specs.stream().anyMatch(s -> s.name().equals("tcp-echo")) && GoToolchain.find(environment.env()).isEmpty()) {
            notes.add("tcp-echo's load generator is Go's (peers/go/echoload, built by peers/echo.sh), so without go "
                    + "every tcp-echo run stops with echo.sh's \"go not found: install Debian's golang-go\"");
        }
        List<String> missing = specs.stream().map(WorkloadSpec::name).filter(gortHas.negate()).toList();
        if (!missing.isEmpty()) {
            notes.add("gort has no " + String.join(", ", missing) + " workload yet: shown as \"not yet\"");
        }
        AgentLaunch agent = AgentLaunch.locate(environment);
        agent.note().ifPresent(notes::add);
        notes.forEach(n -> err.println("gort bench: " + n));
        err.flush();
        try {
            LaunchCommands commands = new LaunchCommands(environment.java(), peersDir,
                    go.map(GoPeers::binDir), environment.gortClasspath(), environment.workingDir(), agent);
            ProcessRunner runner = new ProcessRunner(options.effectiveTimeout());
            BenchRunner bench = new BenchRunner(l -> runner.run(commands.commandFor(l)), enabled, gortHas,
                    new ConsoleListener(out, err));
            int runs = options.effectiveRuns();
            List<RunRecord> records = bench.run(specs, runs);
            List<Row> rows = ResultTable.build(specs, records, unavailable, gortHas);
            out.println();
            out.print(TextTable.render(rows));
            BenchReport report = new BenchReport(ZonedDateTime.now(), options.command(),
                    MachineInfo.current(go.map(GoPeers::version).orElse(unavailable.getOrDefault(Impl.GO, "-"))),
                    options.mode().name().toLowerCase(java.util.Locale.ROOT), runs, options.mode().sizes(), notes,
                    specs, rows, records);
            List<Path> files = ReportFiles.write(report, options.outDir());
            out.println();
            files.forEach(f -> out.println("wrote " + f));
            out.flush();
            if (!report.failures().isEmpty()) {
                err.println("gort bench: " + report.failures().size() + " program(s) failed; see above and the "
                        + "report's Failures section");
                return SOME_FAILED;
            }
            return OK;
        } finally {
            go.ifPresent(GoPeers::close);
        }
    }

    private Optional<GoPeers> setUpGo(BenchOptions options, Path peersDir, List<String> notes,
                                      Map<Impl, String> unavailable) throws InterruptedException {
        if (!options.peers().contains(Impl.GO)) {
            unavailable.put(Impl.GO, "not selected");
            return Optional.empty();
        }
        Path goDir = peersDir.resolve("go");
        if (!Files.isDirectory(goDir)) {
            unavailable.put(Impl.GO, "no peers/go");
            notes.add("no Go peers in " + goDir + ": Go is skipped");
            return Optional.empty();
        }
        Optional<Path> goCmd = GoToolchain.find(environment.env());
        if (goCmd.isEmpty()) {
            unavailable.put(Impl.GO, "no go");
            notes.add("go not found on PATH, so the Go peers are skipped: " + GoToolchain.INSTALL_HINT);
            return Optional.empty();
        }
        try {
            err.println("gort bench: building the Go peers (" + goCmd.get() + " build -o DIR/ ./... in " + goDir + ")");
            return Optional.of(GoToolchain.build(goCmd.get(), goDir, environment.env(), options.effectiveTimeout()));
        } catch (IOException e) {
            unavailable.put(Impl.GO, "build failed");
            notes.add(e.getMessage() + "\nGo is skipped; fix the Go installation (" + GoToolchain.INSTALL_HINT + ")");
            return Optional.empty();
        }
    }

    /** No peers directory: gort runs alone; the note names where the peers would be found. */
    private void withoutPeers(BenchOptions options, List<String> notes, Map<Impl, String> unavailable) {
        for (Impl peer : List.of(Impl.GO, Impl.JDK)) {
            unavailable.put(peer, options.peers().contains(peer) ? "no peers" : "not selected");
        }
        List<String> places = PeersLocator.defaultPlaces(environment.gortHome(), environment.workingDir()).stream()
                .map(Path::toString).toList();
        notes.add("no peer programs (a directory with go/ and jdk/) at " + String.join(" or ", places)
                + ", so gort runs alone; put the peers there (shared/peers beside the checkout), or pass"
                + " --peers-dir DIR or set " + PeersLocator.ENV + "=DIR");
    }

    private static void setUpJdk(BenchOptions options, Path peersDir, List<String> notes,
                                 Map<Impl, String> unavailable) {
        if (!options.peers().contains(Impl.JDK)) {
            unavailable.put(Impl.JDK, "not selected");
        } else if (!Files.isDirectory(peersDir.resolve("jdk"))) {
            unavailable.put(Impl.JDK, "no peers/jdk");
            notes.add("no JDK peers in " + peersDir.resolve("jdk") + ": the JDK is skipped");
        }
    }
}
