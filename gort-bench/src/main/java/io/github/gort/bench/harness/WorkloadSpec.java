package io.github.gort.bench.harness;

import java.util.List;

/**
 * A workload as the bench command knows it: its name on the command line, the figure it is judged by, what it
 * measures, and every program start that makes up one run of it, for all implementations.
 *
 * @param name     the command-line name ({@code pingpong})
 * @param figure   the figure the table compares
 * @param measures one sentence for reports: what the workload measures
 * @param launches the starts of one run; a run starts gort's, then Go's, then the JDK's (the order of {@link Impl})
 */
public record WorkloadSpec(String name, Figure figure, String measures, List<Launch> launches) {
    /** Copies the launch list. */
    public WorkloadSpec {
        launches = List.copyOf(launches);
    }

    /** The launches of one implementation, in the order given. */
    public List<Launch> launchesOf(Impl impl) {
        return launches.stream().filter(l -> l.impl() == impl).toList();
    }
}
