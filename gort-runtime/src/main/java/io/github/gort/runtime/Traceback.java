package io.github.gort.runtime;

import java.util.Locale;

/**
 * How much an unrecovered panic prints: Go's {@code GOTRACEBACK} (Go: runtime1.go setTraceback, runtime/extern.go).
 * Set with {@link Config#traceback(Traceback)}, the environment variable {@code GOTRACEBACK} or the system
 * property {@code gort.gotraceback}. A fatal error ({@code fatal error: all goroutines are asleep - deadlock!})
 * prints every goroutine unless the level is {@link #NONE}, as in Go.
 */
public enum Traceback {
    /** No goroutine stacks at all: only the panic's value or the fatal error's message. */
    NONE("none"),
    /** The panicking goroutine's stack only (Go's default). */
    SINGLE("single"),
    /** The panicking goroutine's stack, then every other goroutine's. */
    ALL("all"),
    /** As {@link #ALL}, with gort's own frames (scheduler, channels, the continuation) left in the stacks. */
    SYSTEM("system");

    private final String goName;

    Traceback(String goName) {
        this.goName = goName;
    }

    /** The value of {@code GOTRACEBACK} that selects this level. */
    public String goName() {
        return goName;
    }

    /**
     * The level named by a {@code GOTRACEBACK} value: {@code none}, {@code single}, {@code all}, {@code system},
     * or Go's historical numbers {@code 0}, {@code 1}, {@code 2} (none, all, system). An empty value is Go's
     * default, single.
     *
     * @throws IllegalArgumentException for any other value (Go's {@code crash} among them: gort writes no core
     *                                  dump), listing the accepted ones
     */
    public static Traceback parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "", "single":
                return SINGLE;
            case "none", "0":
                return NONE;
            case "all", "1":
                return ALL;
            case "system", "2":
                return SYSTEM;
            default:
                throw new IllegalArgumentException("GOTRACEBACK=" + value + " is not a traceback level; use none,"
                        + " single (the default: the panicking goroutine), all (every goroutine) or system (every"
                        + " goroutine with gort's own frames); crash is not supported (gort writes no core dump)");
        }
    }
}
