package io.github.gort.bench.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An implementation that runs a workload: gort itself, or one of its peers. {@link #label()} is the {@code impl=}
 * value of its BENCH lines, and the declaration order is the order in which each run launches them.
 */
public enum Impl {
    /** gort: goroutines on JDK continuations, run as {@code io.github.gort.bench.workloads.GortWorkloads}. */
    GORT("gort", "gort"),
    /** Go 1.19 (the system gort rebuilds), the programs in {@code peers/go}. */
    GO("go", "go"),
    /** JDK 25 virtual threads (what a Java user would pick instead), the programs in {@code peers/jdk}. */
    JDK("jdk-vthread", "jdk");

    private final String label;
    private final String peerName;

    Impl(String label, String peerName) {
        this.label = label;
        this.peerName = peerName;
    }

    /** The {@code impl=} value this implementation prints in BENCH lines. */
    public String label() {
        return label;
    }

    /** The short name used by {@code --peers} and in ratio headings ({@code gort/go}). */
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
