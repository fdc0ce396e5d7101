package io.github.gort.bench.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One result line in the peers' format: {@code BENCH name=<workload> impl=<impl> procs=<P> n=<ops> key=value ...}.
 *
 * <p>Go's {@code report.Line} and the JDK peers' {@code Bench.line} print the figures sorted by key, and so does
 * {@link #toLine()}, so gort's lines read like theirs.
 *
 * @param name   the workload as the program names it ({@code pingpong}, {@code binarytrees-parallel})
 * @param impl   the {@code impl=} label, e.g. {@code go}, {@code jdk-vthread}, {@code gort}
 * @param procs  GOMAXPROCS, or the carrier parallelism for virtual threads
 * @param n      operations (or the size, for workloads that report no per-op figure)
 * @param fields every other key=value pair, in the order read
 */
public record BenchResult(String name, String impl, int procs, long n, Map<String, String> fields) {
    private static final String PREFIX = "BENCH ";

    /** Copies {@code fields} so that the record stays immutable. */
    public BenchResult {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Parses one output line. Returns empty for a line that is not a BENCH line (programs print other output, such
     * as binarytrees' check lines); throws IllegalArgumentException for a BENCH line that lacks name, impl, procs or
     * n, or whose procs or n is not a number, naming the line.
     */
    public static Optional<BenchResult> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String token : trimmed.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed BENCH line (token '" + token + "' is not key=value): "
                        + line);
            }
            kv.put(token.substring(0, eq), token.substring(eq + 1));
        }
        String name = require(kv, "name", line);
        String impl = require(kv, "impl", line);
        try {
            int procs = Integer.parseInt(require(kv, "procs", line));
            long n = Long.parseLong(require(kv, "n", line));
            return Optional.of(new BenchResult(name, impl, procs, n, kv));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed BENCH line (procs and n must be integers): " + line, e);
        }
    }

    private static String require(Map<String, String> kv, String key, String line) {
        String v = kv.remove(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("malformed BENCH line (no " + key + "=): " + line);
        }
        return v;
    }

    /** The figure {@code key} as a number, or empty when the line lacks it or it is not a number. */
    public Optional<Double> figure(String key) {
        String v = fields.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** This result under another BENCH name (see {@link UnderLoad#benchName()}). */
    public BenchResult named(String newName) {
        return new BenchResult(newName, impl, procs, n, fields);
    }

    /** The line as the peers print it, figures sorted by key. */
    public String toLine() {
        StringBuilder b = new StringBuilder(PREFIX).append("name=").append(name).append(" impl=").append(impl)
                .append(" procs=").append(procs).append(" n=").append(n);
        new TreeMap<>(fields).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
