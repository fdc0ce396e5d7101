package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * A workload as the bench command knows it: its name on the command line, the figures it is judged by, what it
 * measures, and every program start that makes up one run of it, for all implementations.
 *
 * @param name        the command-line name ({@code pingpong})
 * @param figure      the figure the table compares first (the one the workload is named for)
 * @param measures    one sentence for reports: what the workload measures
 * @param launches    the starts of one run; a run starts gort's, then Go's, then the JDK's (the order of {@link Impl})
 * @param moreFigures further figures of the same BENCH lines, each compared in a row of its own (tcp-echo's
 *                    latency, memory, threads and errors next to its throughput); empty for most workloads
 */
public record WorkloadSpec(String name, Figure figure, String measures, List<Launch> launches,
                           List<Figure> moreFigures) {
    /** Copies the lists. */
    public WorkloadSpec {
        launches = List.copyOf(launches);
        moreFigures = List.copyOf(moreFigures);
    }

    /** A workload judged by one figure. */
    public WorkloadSpec(String name, Figure figure, String measures, List<Launch> launches) {
        this(name, figure, measures, launches, List.of());
    }

    /** The launches of one implementation, in the order given. */
    public List<Launch> launchesOf(Impl impl) {
        return launches.stream().filter(l -> l.impl() == impl).toList();
    }

    /** Every figure, the main one first. */
    public List<Figure> figures() {
        List<Figure> all = new ArrayList<>();
        all.add(figure);
        all.addAll(moreFigures);
        return all;
    }

    /** This workload with {@code launches} in place of its own. */
    public WorkloadSpec withLaunches(List<Launch> launches) {
        return new WorkloadSpec(name, figure, measures, launches, moreFigures);
    }
}
