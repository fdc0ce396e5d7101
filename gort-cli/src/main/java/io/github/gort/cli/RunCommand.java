package io.github.gort.cli;

import io.github.gort.cli.examples.Example;
import io.github.gort.cli.examples.Examples;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gort run <example> [args]}: runs a bundled example as the main goroutine of a fresh runtime. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a bundled example program on gort as its main goroutine.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<example>", completionCandidates = Examples.Names.class,
            description = "The example to run: ${COMPLETION-CANDIDATES}.")
    String name;

    @Parameters(index = "1..*", paramLabel = "args", description = "Arguments for the example.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Example ex = Examples.find(name);
        if (ex == null) {
            System.err.println("gort run: unknown example '" + name + "'; available: " + String.join(", ", Examples.names()));
            return 2;
        }
        Config config = Config.fromEnvironment();
        int[] status = {0};
        try {
            GoRuntime.run(config, () -> status[0] = ex.main(args));
        } catch (FatalError e) {
            return 2;                     // printed in Go's format by GoRuntime.run
        }
        return status[0];
    }
}
