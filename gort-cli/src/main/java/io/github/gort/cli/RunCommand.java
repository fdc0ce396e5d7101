package io.github.gort.cli;

import io.github.gort.cli.examples.Example;
import io.github.gort.cli.examples.Examples;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.trace.Trace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Record the execution trace of the whole run to FILE (draw it with: gort trace FILE).")
    Path trace;

    @Option(names = "--flight-recorder", paramLabel = "FILE",
            description = "Keep the last trace events of every P and write them to FILE if the run ends with a"
                    + " fatal error or a panic.")
    Path flightRecording;

    @Override
    public Integer call() {
        Example ex = Examples.find(name);
        if (ex == null) {
            System.err.println("gort run: unknown example '" + name + "'; available: " + String.join(", ", Examples.names()));
            return 2;
        }
        Config config = Config.fromEnvironment();
        GoRuntime rt = new GoRuntime(config);
        if (flightRecording != null) {
            rt.flightRecorder(flightRecording);
        }
        int[] status = {0};
        if (trace == null) {
            return run(rt, () -> status[0] = ex.main(args), status);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(trace))) {
            boolean[] stopped = {false};
            int exit = run(rt, () -> {
                Trace.start(out);
                try {
                    status[0] = ex.main(args);
                } finally {
                    stopTrace();
                    stopped[0] = true;
                }
            }, status);
            System.err.println(stopped[0]
                    ? "gort: execution trace written to " + trace + " (draw it with: ./gort trace " + trace + ")"
                    : "gort: the run ended before the trace was stopped, so " + trace + " is incomplete; for the"
                    + " last events before a fatal error use --flight-recorder FILE");
            return exit;
        } catch (IOException e) {
            System.err.println("gort run: cannot write the trace to " + trace + ": " + e.getMessage());
            return 2;
        }
    }

    private static int run(GoRuntime rt, Runnable main, int[] status) {
        try {
            rt.run(main);
        } catch (FatalError e) {
            return 2;                     // printed in Go's format by GoRuntime.run
        }
        return status[0];
    }

    private static void stopTrace() {
        try {
            Trace.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("gort run: writing the execution trace failed", e);
        }
    }
}
