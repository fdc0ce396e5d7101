package io.github.gort.bench.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An implementation that runs a workload: gort in one of its goroutine modes, or one of its peers. {@link #label()}
 * is the {@code impl=} value of its BENCH lines, and the declaration order is the order in which each run launches
 * them (and the order of the table's lines).
 */
public enum Impl {
    /**
     * gort in its default goroutine mode, each goroutine a JDK virtual thread scheduled by gort's G/M/P, run as
     * {@code io.github.gort.bench.workloads.GortWorkloads}.
     */
    GORT("gort", "gort", "gort (virtualthread)"),
    /**
     * gort with {@code GODEBUG=goroutines=continuation}: each goroutine a raw continuation on its M's thread. The
     * same workloads as {@link #GORT}; its launches are {@link Launch#inContinuationMode() derived} from gort's.
     */
    GORT_CONTINUATION("gort-continuation", "gort-continuation", "gort (continuation)"),
    /**
     * gort's default mode with the execution trace on ({@code gort bench --trace}): the same launches as
     * {@link #GORT} {@link Launch#traced() with} {@link Launch#TRACE_FLAG}, so that the ratio traced/off is the
     * trace's overhead (recording, encoding and writing to a file).
     */
    GORT_TRACED("gort-traced", "gort-traced", "gort (virtualthread, traced)"),
    /** Go 1.19 (the system gort rebuilds), the programs in {@code peers/go}. */
    GO("go", "go", "go"),
    /** JDK 25 virtual threads on the JDK's own scheduler (what a Java user would pick instead), {@code peers/jdk}. */
    JDK("jdk-vthread", "jdk", "jdk-vthread");

    private final String label;
    private final String peerName;
    private final String displayName;

    Impl(String label, String peerName, String displayName) {
        this.label = label;
        this.peerName = peerName;
        this.displayName = displayName;
    }

    /** True for gort's own lines (its modes, and traced), which run gort's workloads (and lack the ones gort has not written yet). */
    public boolean isGort() {
        return this == GORT || this == GORT_CONTINUATION || this == GORT_TRACED;
    }

    /** The name in the table's impl column, e.g. {@code gort (continuation)}. */
    public String displayName() {
        return displayName;
    }

    /** The {@code impl=} value this implementation prints in BENCH lines. */
    public String label() {
        return label;
    }

    /** The short name used by {@code --peers}, in ratio headings ({@code gort/go}) and in progress lines. */
    public String peerName() {
        return peerName;
    }

    /** The implementation whose BENCH label is {@code label}; throws IllegalArgumentException for an unknown one. */
    public static Impl ofLabel(String label) {
        for (Impl impl : values()) {
            if (impl.label.equals(label)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown impl=" + label + " in a BENCH line; expected one of "
                + Arrays.stream(values()).map(Impl::label).collect(Collectors.joining(", ")));
    }

    /** The peer called {@code name} on the command line ({@code go} or {@code jdk}); gort itself is no peer. */
    public static Impl peerNamed(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(GO.peerName)) {
            return GO;
        }
        if (n.equals(JDK.peerName) || n.equals(JDK.label)) {
            return JDK;
        }
        throw new IllegalArgumentException("unknown peer '" + name + "': use go, jdk or go,jdk");
    }
}
