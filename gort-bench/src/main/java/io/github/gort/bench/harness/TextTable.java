package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Renders rows as a plain-text table for the terminal: workload, figure, implementation, runs, median, min-max, on
 * each of gort's lines (one per goroutine mode) that mode's ratios gort/go and gort/jdk, and on the virtual-thread
 * mode's line the ratio vthread/cont of the two modes (below 1: the numerator did better, for every figure but
 * the one whose unit says "higher is better", tcp-echo's round trips per second, where above 1 is better). With
 * {@code --trace}, a traced line follows, with the column traced/off: the trace's overhead.
 */
public final class TextTable {
    private static final List<String> HEADER = List.of("workload", "figure", "impl", "runs", "median",
        "min-max", "gort/go", "gort/jdk", "vthread/cont");
    private static final String TRACE_HEADER = "traced/off";

    private TextTable() {}

    /** The table, one line per implementation per row, with a trailing newline. */
    public static String render(List<Row> rows) {
        boolean traced = rows.stream().anyMatch(r -> r.shows(Impl.GORT_TRACED));
        List<String> header = new ArrayList<>(HEADER);
        if (traced) {
            header.add(TRACE_HEADER);
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            boolean first = true;
            for (Impl impl : Impl.values()) {
                if (!row.shows(impl)) {
                    continue;
                }
                Cell c = row.cell(impl);
                Optional<Stats> s = c.stats();
                String[] line = {
                    first ? row.label() : "",
                    first ? row.figure().heading() : "",
                    impl.displayName(),
                    s.map(x -> Integer.toString(x.count())).orElse(""),
                    s.map(x -> Numbers.figure(x.median())).orElse(c.note()),
                    s.map(x -> Numbers.figure(x.min()) + "-" + Numbers.figure(x.max())).orElse(""),
                    impl.isGort() ? ratio(row, impl, Impl.GO) : "",
                    impl.isGort() ? ratio(row, impl, Impl.JDK) : "",
                    impl == Impl.GORT ? ratio(row, impl, Impl.GORT_CONTINUATION) : "",
                    impl == Impl.GORT_TRACED ? ratio(row, impl, Impl.GORT) : "",
                };
                lines.add(traced ? line : Arrays.copyOf(line, HEADER.size()));
                first = false;
            }
        }
        int[] width = new int[header.size()];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                line.append(String.format("%-" + width[i] + "s", l[i]));
                if (i < l.length - 1) {
                    line.append("  ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static String ratio(Row row, Impl impl, Impl peer) {
        Optional<Double> r = row.ratio(impl, peer);
        if (r.isPresent()) {
            return Numbers.ratio(r.get());
        }
        return row.cell(impl).status() == Cell.Status.NOT_YET ? "not yet" : "-";
    }
}
