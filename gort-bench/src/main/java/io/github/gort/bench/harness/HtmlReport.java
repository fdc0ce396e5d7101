package io.github.gort.bench.harness;

import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Writes a {@link BenchReport} as one self-contained HTML page: settings and machine, an inline-SVG bar chart of
 * the ratios (no script, no external file), the results table, what each workload measures, the raw BENCH lines
 * and any failures.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
            table{border-collapse:collapse;font-size:14px}
            th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.first td{border-top:2px solid #888}
            .not_yet,.unavailable,.absent{color:#888}.failed{color:#c33}
            pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}
            """;

    private HtmlReport() {}

    /** The page. */
    public static String write(BenchReport r) {
        StringBuilder b = new StringBuilder();
        String when = r.generated().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>gort bench ").append(Html.esc(when)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>gort bench: gort vs Go vs JDK virtual threads</h1>\n");
        b.append("<dl id=\"settings\">\n");
        dt(b, "date", when);
        dt(b, "command", r.command());
        dt(b, "machine", r.machine().summary());
        dt(b, "java", r.machine().javaVersion());
        dt(b, "go", r.machine().go());
        dt(b, "mode", r.mode() + ", " + r.runs() + " runs per implementation, alternating gort (virtualthread), "
                + "gort (continuation), go, jdk");
        b.append("</dl>\n");
        if (!r.notes().isEmpty()) {
            b.append("<ul id=\"notes\">\n");
            r.notes().forEach(n -> b.append("<li>").append(Html.esc(n)).append("</li>\n"));
            b.append("</ul>\n");
        }
        b.append("<h2>Ratios gort / peer and gort's two goroutine modes (median of runs; left of 1 is better for "
                + "gort; a higher-is-better figure's ratio is drawn inverted)</h2>\n");
        b.append(RatioChart.svg(r.rows()));
        b.append("<h2>Results</h2>\n");
        table(b, r);
        b.append("<h2>Workloads</h2>\n<dl id=\"workloads\">\n");
        for (WorkloadSpec s : r.specs()) {
            dt(b, s.name(), String.join(", ", s.figures().stream().map(Figure::heading).toList()) + ": "
                    + s.measures());
        }
        b.append("</dl>\n<h2>Raw results</h2>\n<pre id=\"raw\">");
        r.records().forEach(rec -> rec.results().forEach(x -> b.append(Html.esc(x.toLine())).append('\n')));
        b.append("</pre>\n");
        if (!r.failures().isEmpty()) {
            b.append("<h2>Failures</h2>\n<pre id=\"failures\">");
            r.failures().forEach(f -> b.append(Html.esc(f)).append('\n'));
            b.append("</pre>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static void dt(StringBuilder b, String term, String value) {
        b.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(Html.esc(value)).append("</dd>\n");
    }

    private static void table(StringBuilder b, BenchReport r) {
        b.append("<table id=\"results\">\n<thead><tr><th>workload</th><th>figure</th><th>impl</th><th>runs</th>"
                + "<th>median</th><th>min&#8211;max</th><th>gort/go</th><th>gort/jdk</th><th>vthread/cont</th></tr>"
                + "</thead>\n"
                + "<tbody>\n");
        for (Row row : r.rows()) {
            boolean first = true;
            for (Impl impl : Impl.values()) {
                if (!row.shows(impl)) {
                    continue;
                }
                Cell c = row.cell(impl);
                Optional<Stats> s = c.stats();
                b.append("<tr").append(first ? " class=\"first\"" : "").append(" data-row=\"")
                        .append(Html.esc(row.label())).append("\" data-impl=\"").append(impl.label()).append("\">");
                td(b, first ? row.label() : "", "");
                td(b, first ? row.figure().heading() : "", "");
                td(b, impl.displayName(), "");
                td(b, s.map(x -> Integer.toString(x.count())).orElse(""), "num");
                td(b, s.map(x -> Numbers.figure(x.median())).orElse(c.note()),
                        s.isPresent() ? "num median" : c.status().name().toLowerCase(java.util.Locale.ROOT));
                td(b, s.map(x -> Numbers.figure(x.min()) + "\u2013" + Numbers.figure(x.max())).orElse(""), "num");
                td(b, impl.isGort() ? ratio(row, impl, Impl.GO) : "", "num ratio");
                td(b, impl.isGort() ? ratio(row, impl, Impl.JDK) : "", "num ratio");
                td(b, impl == Impl.GORT ? ratio(row, impl, Impl.GORT_CONTINUATION)
                        : impl == Impl.GORT_TRACED ? "traced/off " + ratio(row, impl, Impl.GORT) : "",
                        "num ratio mode-ratio");
                b.append("</tr>\n");
                first = false;
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    private static String ratio(Row row, Impl impl, Impl peer) {
        return row.ratio(impl, peer).map(Numbers::ratio)
                .orElse(row.cell(impl).status() == Cell.Status.NOT_YET ? "not yet" : "-");
    }

    private static void td(StringBuilder b, String text, String cls) {
        b.append("<td").append(cls.isEmpty() ? "" : " class=\"" + cls + "\"").append('>').append(Html.esc(text))
                .append("</td>");
    }
}
