package io.github.gort.bench.harness;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws the ratios gort/go, gort/jdk (gort in its default, virtual-thread mode) and vthread/cont (gort's two
 * goroutine modes) of every row as an inline SVG bar chart on a log2 scale centred on 1: bars to the left mean the
 * numerator did better, to the right worse. Ratios beyond 1/16 or 16 are drawn at the edge and
 * labelled with their value. Rows where gort has no figure yet say so in place of bars. A higher-is-better figure
 * (tcp-echo's round trips per second) is drawn as peer/gort, so that left means gort did better there too; its
 * label still gives gort/peer. Rows of one variant with several figures (tcp-echo) name the figure in their label.
 */
final class RatioChart {
    private static final int WIDTH = 820;
    private static final int LABEL_W = 250;
    private static final int PLOT_W = 500;
    private static final double CENTER = LABEL_W + PLOT_W / 2.0;
    private static final double MAX_LOG2 = 4;        // 16x either way
    private static final int TOP = 40;
    private static final int ROW_H = 48;
    private static final int BAR_H = 12;
    private static final String GO_COLOR = "#00add8";
    private static final String JDK_COLOR = "#e76f00";
    private static final String MODE_COLOR = "#7a4fbf";

    private RatioChart() {}

    /** The {@code <svg>} element for {@code rows}. */
    static String svg(List<Row> rows) {
        int height = TOP + rows.size() * ROW_H + 30;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg id=\"ratio-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                + "aria-label=\"ratios gort/go, gort/jdk and vthread/cont, log scale\">\n",
                WIDTH, height, WIDTH, height));
        b.append("<title>gort/peer ratios (log scale; left of 1 = gort better)</title>\n");
        axis(b, height);
        legend(b);
        java.util.Map<String, Long> perLabel = rows.stream().collect(java.util.stream.Collectors.groupingBy(
                Row::label, java.util.stream.Collectors.counting()));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String label = perLabel.get(row.label()) > 1 ? row.label() + " " + row.figure().key() : row.label();
            row(b, row, label, TOP + i * ROW_H);
        }
        return b.append("</svg>\n").toString();
    }

    private static void axis(StringBuilder b, int height) {
        for (int k = (int) -MAX_LOG2; k <= MAX_LOG2; k++) {
            double x = CENTER + k / MAX_LOG2 * (PLOT_W / 2.0);
            String label = k >= 0 ? (1 << k) + "x" : "1/" + (1 << -k);
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"%s\" stroke-width=\"%s\"/>\n", x, TOP - 6, x, height - 24,
                    k == 0 ? "#333" : "#ddd", k == 0 ? "1.5" : "1"));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"#555\">%s</text>\n", x, height - 8, label));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" "
                + "fill=\"#2a7\">&#8592; gort better</text>\n", CENTER - 6, TOP - 12));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#c33\">"
                + "gort worse &#8594;</text>\n", CENTER + 6, TOP - 12));
    }

    private static void legend(StringBuilder b) {
        b.append("<rect x=\"10\" y=\"8\" width=\"12\" height=\"12\" fill=\"" + GO_COLOR + "\"/>"
                + "<text x=\"26\" y=\"18\" font-size=\"12\">gort/go</text>\n");
        b.append("<rect x=\"90\" y=\"8\" width=\"12\" height=\"12\" fill=\"" + JDK_COLOR + "\"/>"
                + "<text x=\"106\" y=\"18\" font-size=\"12\">gort/jdk</text>\n");
        b.append("<rect x=\"170\" y=\"8\" width=\"12\" height=\"12\" fill=\"" + MODE_COLOR + "\"/>"
                + "<text x=\"186\" y=\"18\" font-size=\"12\">vthread/cont (gort's goroutine modes)</text>\n");
    }

    private static void row(StringBuilder b, Row row, String label, int y) {
        b.append(String.format(Locale.ROOT, "<text class=\"row-label\" x=\"%d\" y=\"%d\" font-size=\"12\" "
                + "text-anchor=\"end\">%s</text>\n", LABEL_W - 8, y + 16, Html.esc(label)));
        if (row.cell(Impl.GORT).status() != Cell.Status.OK) {
            b.append(String.format(Locale.ROOT, "<text class=\"no-ratio\" x=\"%.1f\" y=\"%d\" font-size=\"12\" "
                    + "fill=\"#888\" text-anchor=\"middle\">gort: %s</text>\n", CENTER, y + 16,
                    Html.esc(row.cell(Impl.GORT).status() == Cell.Status.ABSENT ? "no such variant"
                            : row.cell(Impl.GORT).note())));
            return;
        }
        bar(b, row, Impl.GO, "gort/go", GO_COLOR, y + 3);
        bar(b, row, Impl.JDK, "gort/jdk", JDK_COLOR, y + 3 + BAR_H + 2);
        bar(b, row, Impl.GORT_CONTINUATION, "vthread/cont", MODE_COLOR, y + 3 + 2 * (BAR_H + 2));
    }

    /** The bar of gort's default mode over {@code peer}, named {@code name} in its tooltip. */
    private static void bar(StringBuilder b, Row row, Impl peer, String name, String color, int y) {
        Optional<Double> ratio = row.ratio(peer);
        if (ratio.isEmpty()) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#888\">"
                    + "no %s figure</text>\n", CENTER + 4, y + 10, peer.displayName()));
            return;
        }
        double r = ratio.get();
        double drawn = row.figure().lowerIsBetter() || r == 0 ? r : 1 / r;
        double l = Math.max(-MAX_LOG2, Math.min(MAX_LOG2, Math.log(drawn) / Math.log(2)));
        double x = CENTER + l / MAX_LOG2 * (PLOT_W / 2.0);
        double left = Math.min(x, CENTER);
        double w = Math.max(1, Math.abs(x - CENTER));
        String text = Numbers.ratio(r);
        b.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-row=\"%s\" data-peer=\"%s\" data-ratio=\"%s\" "
                + "x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s = %s</title></rect>\n",
                Html.esc(row.label()), peer.peerName(), text, left, y, w, BAR_H, color,
                Html.esc(row.label()), name, text));
        double tx = drawn < 1 ? CENTER + 4 : left + w + 4;   // right of the bar's end, or of 1 for bars to the left
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>\n",
                tx, y + 10, text));
    }
}
