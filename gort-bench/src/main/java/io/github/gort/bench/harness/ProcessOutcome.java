package io.github.gort.bench.harness;

import java.time.Duration;
import java.util.List;

/**
 * How a started program ended.
 *
 * @param command  what was run
 * @param exitCode its exit status (meaningless when {@code timedOut})
 * @param timedOut true when the harness killed it at the timeout
 * @param stdout   its standard output, line by line
 * @param stderr   its standard error
 * @param elapsed  wall time from start to end
 */
public record ProcessOutcome(Command command, int exitCode, boolean timedOut, List<String> stdout, String stderr,
                             Duration elapsed) {
    /** Copies the output lines. */
    public ProcessOutcome {
        stdout = List.copyOf(stdout);
    }

    /** True when the program exited on its own with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
