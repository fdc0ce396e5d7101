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

    /** The cell of {@code impl}; an implementation the row has no cell for was not selected. */
    public Cell cell(Impl impl) {
        return cells.getOrDefault(impl, Cell.without(Cell.Status.UNAVAILABLE, "not selected"));
    }

    /**
     * Whether the tables show {@code impl}'s line: every implementation's, but the traced one's only when
     * {@code --trace} selected it and it ran (it is no peer whose absence a reader needs to see).
     */
    public boolean shows(Impl impl) {
        Cell.Status s = cell(impl).status();
        return impl != Impl.GORT_TRACED || s == Cell.Status.OK || s == Cell.Status.FAILED;
    }

    /** With the trace on over off, in the default mode: the execution trace's overhead (above 1) on this row. */
    public Optional<Double> traceRatio() {
        return ratio(Impl.GORT_TRACED, Impl.GORT);
    }

    /** gort's (default mode) median over {@code peer}'s median; see {@link #ratio(Impl, Impl)}. */
    public Optional<Double> ratio(Impl peer) {
        return ratio(Impl.GORT, peer);
    }

    /**
     * The virtual-thread mode's median over the continuation mode's: what making goroutines virtual threads costs
     * (above 1) on this row.
     */
    public Optional<Double> modeRatio() {
        return ratio(Impl.GORT, Impl.GORT_CONTINUATION);
    }

    /** {@code impl}'s median over {@code peer}'s median, when both have figures; below 1 means impl did better. */
    public Optional<Double> ratio(Impl impl, Impl peer) {
        Optional<Stats> g = cell(impl).stats();
        Optional<Stats> p = cell(peer).stats();
        if (g.isEmpty() || p.isEmpty() || p.get().median() == 0) {
            return Optional.empty();
        }
        return Optional.of(g.get().median() / p.get().median());
    }
}
