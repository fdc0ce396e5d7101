package io.github.gort.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code GODEBUG} settings gort knows, parsed from Go's {@code key=value,key=value} form (Go: runtime1.go
 * parsedebugvars). An unknown key is ignored with a warning, as a typo should be visible but harmless; a bad
 * value of a known key is an error that says what is accepted.
 *
 * @param schedtrace   print the scheduler line every N ms (0: off)
 * @param scheddetail  with schedtrace, print every P, M and G too
 * @param gctrace      print one line per GC cycle
 * @param gccheckmark  re-mark under stop-the-world after each concurrent mark and check nothing was missed
 * @param asyncpreemptoff  no preemption of loops without runtime calls: gort-agent rewrites no class (it reads
 *                     {@code GODEBUG} itself, at JVM start) and the runtime never raises the loop-poll flag, so
 *                     goroutines yield only at runtime calls, as with Go's {@code asyncpreemptoff=1}
 *
 * <p>One more key, {@code goroutines=virtualthread|continuation}, selects the goroutine mode; it is held by
 * {@link Config#goroutineMode()}, not here.
 */
public record GoDebug(int schedtrace, boolean scheddetail, boolean gctrace, boolean gccheckmark,
                      boolean asyncpreemptoff) {
    public static final GoDebug NONE = new GoDebug(0, false, false, false, false);
    private static final Set<String> KNOWN = Set.of("schedtrace", "scheddetail", "gctrace", "gccheckmark", "goroutines",
            "asyncpreemptoff");

    public GoDebug {
        if (schedtrace < 0) {
            throw new IllegalArgumentException("GODEBUG: schedtrace=" + schedtrace
                    + " is negative; use a period in milliseconds (schedtrace=1000) or 0 for off");
        }
    }

    /**
     * Parses a GODEBUG string. Unknown keys go to {@code warn} (once each) and are ignored.
     *
     * @throws IllegalArgumentException for a malformed entry or a bad value, naming it and what is accepted
     */
    public static GoDebug parse(String spec, Consumer<String> warn) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("GODEBUG: '" + item + "' is not key=value (example: GODEBUG=schedtrace=1000)");
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (!KNOWN.contains(key)) {
                warn.accept("gort: GODEBUG: unknown setting '" + key + "' ignored (gort knows " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
                continue;
            }
            kv.put(key, value);
        }
        return new GoDebug(
                intValue(kv, "schedtrace"),
                intValue(kv, "scheddetail") != 0,
                intValue(kv, "gctrace") != 0,
                intValue(kv, "gccheckmark") != 0,
                intValue(kv, "asyncpreemptoff") != 0);
    }

    /**
     * The raw value of one key in a GODEBUG string, or null if it is not set. For the settings that are not
     * numbers and live outside this record ({@code goroutines}: {@link Config#goroutineMode}).
     */
    static String setting(String spec, String key) {
        if (spec == null) {
            return null;
        }
        String value = null;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(key)) {
                value = part.substring(eq + 1).trim();         // the last one wins, as in Go
            }
        }
        return value;
    }

    private static int intValue(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException("GODEBUG: " + key + "=" + v + " is negative; use 0 (off) or a positive number");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GODEBUG: " + key + "=" + v + " is not a number; use 0 (off) or a positive number", e);
        }
    }
}
