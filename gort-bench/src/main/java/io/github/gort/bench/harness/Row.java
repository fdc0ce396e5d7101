package io.github.gort.bench.harness;

import java.util.Map;
import java.util.Optional;

/**
 * One line of the comparison: a workload variant (BENCH name and procs) with each implementation's cell.
 *
 * @param workload the command-line workload it belongs to
 * @param name     the BENCH name ({@code pingpong}, {@code binarytrees-parallel})
 * @param procs    the BENCH procs, or 0 when no implementation reported any
 * @param figure   the figure compared
 * @param cells    one cell per implementation
 */
public record Row(String workload, String name, int procs, Figure figure, Map<Impl, Cell> cells) {
    /** Copies the cells. */
    public Row {
        cells = Map.copyOf(cells);
    }

    /** The row's label, e.g. {@code pingpong procs=1}. */
    public String label() {
        return procs > 0 ? name + " procs=" + procs : name;
    }

    /** The cell of {@code impl}. */
    public Cell cell(Impl impl) {
        return cells.get(impl);
    }

    /** gort's median over {@code peer}'s median, when both have figures; below 1 means gort did better. */
    public Optional<Double> ratio(Impl peer) {
        Optional<Stats> g = cell(Impl.GORT).stats();
        Optional<Stats> p = cell(peer).stats();
        if (g.isEmpty() || p.isEmpty() || p.get().median() == 0) {
            return Optional.empty();
        }
        return Optional.of(g.get().median() / p.get().median());
    }
}
