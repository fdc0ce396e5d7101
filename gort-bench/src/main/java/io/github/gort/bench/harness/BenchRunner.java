package io.github.gort.bench.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs workloads, alternating implementations run by run: for each workload, for run 1..R, gort's launches in its
 * default (virtual-thread) mode, then in its continuation mode, then Go's, then the JDK's. Alternating (instead
 * of all gort runs, then all Go runs) spreads the machine's drift (heat, other load) over every implementation
 * alike.
 *
 * <p>A failed program is recorded and reported, and the runs go on.
 */
public final class BenchRunner {
    /** Starts one launch and waits for it. */
    @FunctionalInterface
    public interface Launcher {
        /** Runs {@code launch} to completion or timeout. */
        ProcessOutcome run(Launch launch) throws IOException, InterruptedException;
    }

    private final Launcher launcher;
    private final Set<Impl> enabled;
    private final Predicate<String> gortHas;
    private final BenchListener listener;

    /**
     * @param launcher starts programs
     * @param enabled  the implementations to run (gort, and the peers selected and available)
     * @param gortHas  whether gort has a given workload yet; those it lacks are skipped and shown as "not yet"
     * @param listener hears progress, raw results and failures
     */
    public BenchRunner(Launcher launcher, Set<Impl> enabled, Predicate<String> gortHas, BenchListener listener) {
        this.launcher = launcher;
        this.enabled = Set.copyOf(enabled);
        this.gortHas = gortHas;
        this.listener = listener;
    }

    /** Runs every workload {@code runs} times and returns each start's record, in the order they ran. */
    public List<RunRecord> run(List<WorkloadSpec> specs, int runs) throws InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        List<RunRecord> records = new ArrayList<>();
        for (WorkloadSpec spec : specs) {
            for (int r = 1; r <= runs; r++) {
                for (Impl impl : Impl.values()) {
                    if (!enabled.contains(impl) || (impl.isGort() && !gortHas.test(spec.name()))) {
                        continue;
                    }
                    for (Launch launch : spec.launchesOf(impl)) {
                        listener.starting(spec.name(), r, runs, launch);
                        records.add(runOne(spec.name(), r, launch));
                    }
                }
            }
        }
        return records;
    }

    private RunRecord runOne(String workload, int run, Launch launch) throws InterruptedException {
        ProcessOutcome o;
        try {
            o = launcher.run(launch);
        } catch (IOException | IllegalStateException e) {   // could not start, or no command for it here
            return failed(workload, run, launch, List.of(), workload + " run " + run + ": " + e.getMessage());
        }
        List<BenchResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : o.stdout()) {
            try {
                Optional<BenchResult> r = BenchResult.parse(line);
                if (r.isEmpty()) {
                    continue;
                }
                if (!r.get().impl().equals(launch.impl().label())) {
                    problems.add("expected impl=" + launch.impl().label() + " but got: " + line);
                    continue;
                }
                BenchResult result = launch.underLoad().map(u -> r.get().named(u.benchName())).orElse(r.get());
                results.add(result);
                listener.result(result);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String where = workload + " run " + run + " (" + o.command().display() + ")";
        if (o.timedOut()) {
            problems.add(0, "timed out after " + o.elapsed().toSeconds() + " s and was killed; raise --timeout "
                    + "if the machine is slow, or look for a hang");
        } else if (o.exitCode() != 0) {
            problems.add(0, "exited with status " + o.exitCode() + stderrExcerpt(o.stderr()));
        } else if (results.isEmpty() && problems.isEmpty()) {
            problems.add("printed no BENCH line" + stderrExcerpt(o.stderr()));
        }
        if (problems.isEmpty()) {
            return new RunRecord(workload, run, launch, results, Optional.empty());
        }
        return failed(workload, run, launch, results, where + ": " + String.join("; ", problems));
    }

    private RunRecord failed(String workload, int run, Launch launch, List<BenchResult> results, String message) {
        listener.failure(message);
        return new RunRecord(workload, run, launch, results, Optional.of(message));
    }

    /** The start and end of a program's stderr: a Java or Go failure says what in its first lines. */
    private static String stderrExcerpt(String stderr) {
        if (stderr.isBlank()) {
            return "";
        }
        List<String> lines = stderr.lines().toList();
        List<String> shown = new ArrayList<>();
        if (lines.size() <= 10) {
            shown.addAll(lines);
        } else {
            shown.addAll(lines.subList(0, 6));
            shown.add("... (" + (lines.size() - 9) + " more lines)");
            shown.addAll(lines.subList(lines.size() - 3, lines.size()));
        }
        return "; its stderr says:\n    " + String.join("\n    ", shown);
    }
}
