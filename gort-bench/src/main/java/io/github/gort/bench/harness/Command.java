package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command line ready to start: arguments, working directory and extra environment.
 *
 * @param argv the program and its arguments
 * @param cwd  the working directory
 * @param env  variables added to (or replacing in) the inherited environment
 */
public record Command(List<String> argv, Path cwd, Map<String, String> env) {
    /** Copies the list and map. */
    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The command as a shell would show it, environment first: {@code GOMAXPROCS=1 /tmp/x/pingpong -n 10}. */
    public String display() {
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        return b.append(String.join(" ", argv)).toString();
    }
}
