package io.github.gort.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's settings: its argument ({@code -javaagent:gort-agent.jar=OPTIONS}) and Go's
 * {@code GODEBUG=asyncpreemptoff=1} (the {@code gort.godebug} system property first, then the environment, as
 * gort-runtime's Config reads them).
 * <pre>
 * OPTIONS  = option (';' option)*
 * option   = 'include=' prefixes    only classes in these packages (default: every class but the JDK's and gort's)
 *          | 'exclude=' prefixes    not these
 *          | 'verbose'              one line per class that could not be rewritten, and a summary at exit
 * prefixes = package prefix (',' package prefix)*      e.g. com.example.,org.acme.util.
 * </pre>
 *
 * @param filter          which classes get loop polls
 * @param verbose         report classes left as they were, and a summary at exit
 * @param asyncpreemptoff GODEBUG turned preemption of loops off: the agent rewrites nothing
 */
record AgentOptions(ClassFilter filter, boolean verbose, boolean asyncpreemptoff) {

    /**
     * Parses the agent argument (null or empty: defaults) and the GODEBUG value (null: unset).
     *
     * @throws IllegalArgumentException naming the bad option and the accepted ones
     */
    static AgentOptions parse(String args, String godebug) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean verbose = false;
        if (args != null) {
            for (String raw : args.split(";")) {
                String option = raw.trim();
                if (option.isEmpty()) {
                    continue;
                }
                if (option.equals("verbose")) {
                    verbose = true;
                } else if (option.startsWith("include=")) {
                    include.addAll(prefixes(option.substring("include=".length()), option));
                } else if (option.startsWith("exclude=")) {
                    exclude.addAll(prefixes(option.substring("exclude=".length()), option));
                } else {
                    throw new IllegalArgumentException("gort-agent: unknown option '" + option + "'; options are"
                            + " include=PREFIXES, exclude=PREFIXES and verbose, separated by ';' (example:"
                            + " -javaagent:gort-agent.jar=exclude=com.example.hot.,org.acme.;verbose)");
                }
            }
        }
        return new AgentOptions(new ClassFilter(include, exclude), verbose, asyncpreemptoff(godebug));
    }

    private static List<String> prefixes(String list, String option) {
        List<String> out = Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("gort-agent: '" + option + "' names no package; give prefixes"
                    + " separated by ',' (example: exclude=com.example.hot.,org.acme.)");
        }
        for (String p : out) {
            if (p.contains("*")) {
                String plain = p.substring(0, p.indexOf('*'));
                throw new IllegalArgumentException("gort-agent: '" + p + "' in '" + option + "' is a pattern; give"
                        + " package prefixes, which take subpackages too: " + (plain.isEmpty() ? "com.example." : plain)
                        + " instead of " + p);
            }
        }
        return out;
    }

    /** True if GODEBUG sets asyncpreemptoff to anything but 0 (the last setting wins, as in Go). */
    static boolean asyncpreemptoff(String godebug) {
        if (godebug == null) {
            return false;
        }
        String value = null;
        for (String part : godebug.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals("asyncpreemptoff")) {
                value = part.substring(eq + 1).trim();
            }
        }
        return value != null && !value.equals("0");
    }
}
