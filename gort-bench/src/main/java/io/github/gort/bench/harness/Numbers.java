package io.github.gort.bench.harness;

import java.util.Locale;

/** How figures and ratios are printed in the table and the reports: a few significant digits, no locale surprises. */
public final class Numbers {
    private Numbers() {}

    /** A figure: whole numbers from 1000 up, one decimal from 10, three below (slowdowns like 1.931). */
    public static String figure(double v) {
        double a = Math.abs(v);
        String fmt = a >= 1000 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f";
        return String.format(Locale.ROOT, fmt, v);
    }

    /** A ratio gort/peer with two decimals ({@code 0.45}), or three significant digits when it is tiny. */
    public static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 0.01 ? "%.2f" : "%.3g", r);
    }
}
