package io.github.gort.bench.harness;

import java.util.List;
import java.util.Optional;

/**
 * One implementation's entry in one table row: its per-run figures, or why it has none.
 *
 * @param status what the entry holds
 * @param values the per-run figures (empty unless {@link Status#OK})
 * @param note   a short reason shown in place of figures (e.g. "not yet", "no go"); empty when OK
 */
public record Cell(Status status, List<Double> values, String note) {
    /** What a cell holds. */
    public enum Status {
        /** Figures from at least one run. */
        OK,
        /** gort has no implementation of this workload yet. */
        NOT_YET,
        /** The implementation did not run: not installed or not selected. */
        UNAVAILABLE,
        /** It ran and failed in every run (timeouts, crashes, malformed output). */
        FAILED,
        /** It ran, but has no counterpart for this row (e.g. no JDK syscall-fast), or its lines lack the figure. */
        ABSENT
    }

    /** Copies the values. */
    public Cell {
        values = List.copyOf(values);
    }

    /** A cell with figures. */
    public static Cell ok(List<Double> values) {
        return new Cell(Status.OK, values, "");
    }

    /** A cell without figures, shown as {@code note}. */
    public static Cell without(Status status, String note) {
        return new Cell(status, List.of(), note);
    }

    /** Median, min and max when there are figures. */
    public Optional<Stats> stats() {
        return values.isEmpty() ? Optional.empty() : Optional.of(Stats.of(values));
    }
}
