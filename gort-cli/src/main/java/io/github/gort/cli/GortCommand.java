package io.github.gort.cli;

import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Preemption;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code gort} program. Exit status, as in Go: 0 success; 1 the command ran and found a failure (for example
 * {@code repro 11640 --order legacy} hit the workbuf assertion); 2 a usage error, an unrecovered panic, or a
 * fatal runtime error.
 */
@Command(name = "gort", mixinStandardHelpOptions = true, versionProvider = GortVersion.class,
        description = "The core of Go's runtime on JDK 25 continuations: run examples, benchmarks against Go and the"
                + " JDK, and the golang/go#11640 reproduction.",
        subcommands = {RunCommand.class, BenchCommand.class, ReproCommand.class, TraceCommand.class,
                DumpCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment: GOMAXPROCS, GODEBUG (schedtrace=N, scheddetail=1, gctrace=1, gccheckmark=1,"
                + " asyncpreemptoff=1, goroutines=continuation), GOGC,"
                + " GOTRACEBACK (none, single, all, system).",
                "Exit status: 0 ok; 1 the command found a failure; 2 usage error, panic or fatal error."})
public final class GortCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        try {
            GoRuntime.checkExports();
        } catch (IllegalStateException e) {
            System.err.println("gort: " + e.getMessage());
            return 2;
        }
        if (GoRuntime.preemption() == Preemption.NO_AGENT) {
            System.err.println("gort: " + Preemption.NO_AGENT.describe());
        }
        CommandLine cl = new CommandLine(new GortCommand());
        // gort run <example> args: everything after the example's name is the example's (Go-style -addr, --java-net)
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof GoPanic) {
                return 2;                 // already printed in Go's format by GoRuntime.run
            }
            if (ex instanceof IllegalArgumentException) {
                line.getErr().println("gort: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
