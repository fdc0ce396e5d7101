package io.github.gort.cli.examples;

import java.util.List;

/** A bundled example program: {@code gort run <name> [args]} runs {@link #main} as the main goroutine. */
public interface Example {
    /** The name used on the command line. */
    String name();

    /** One line: what it shows, and its arguments. */
    String description();

    /**
     * The program, running as goroutine 1 of a fresh runtime. Returns the exit status.
     *
     * @throws IllegalArgumentException for bad arguments, with a message that says what is expected
     */
    int main(List<String> args);

    /** Parses args[i] as a positive count, or returns the default. */
    static long count(List<String> args, int i, long dflt, String what) {
        if (args.size() <= i) {
            return dflt;
        }
        String s = args.get(i).replace("_", "");
        try {
            long n = Long.parseLong(s);
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + args.get(i));
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + args.get(i) + "'", e);
        }
    }
}
