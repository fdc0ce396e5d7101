package io.github.gort.bench.harness;

import java.util.List;

/**
 * How a server launch runs: under a peers script's own load generator rather than as a program that measures
 * itself. tcp-echo's launches each run {@code peers/echo.sh}, unedited, with one {@code --server} (Go's and the
 * JDK's builtins, or {@code LABEL=COMMAND} for gort's), so that every server is driven by the same
 * {@code go/echoload} and only the server differs; echo.sh prints the BENCH line.
 *
 * @param script     the script in the peers directory ({@code echo.sh})
 * @param scriptArgs the script's own arguments before {@code --server} ({@code --quick} in quick mode)
 * @param benchName  the name the launch's BENCH lines are filed under: echoload names every line
 *                   {@code tcp-echo}, so gort's java.net server is filed as {@code tcp-echo-java.net} to get a row
 *                   of its own
 */
public record UnderLoad(String script, List<String> scriptArgs, String benchName) {
    /** peers/echo.sh, the tcp-echo driver. */
    public static final String ECHO_SH = "echo.sh";

    /** Copies the arguments. */
    public UnderLoad {
        scriptArgs = List.copyOf(scriptArgs);
    }
}
