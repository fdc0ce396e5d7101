package io.github.gort.bench.harness;

import java.io.PrintWriter;

/** Prints progress and failures on stderr and each raw BENCH line on stdout, as it arrives. */
final class ConsoleListener implements BenchListener {
    private final PrintWriter out;
    private final PrintWriter err;

    ConsoleListener(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void starting(String workload, int run, int runs, Launch launch) {
        err.println("[" + workload + " " + run + "/" + runs + "] " + launch.describe());
        err.flush();
    }

    @Override
    public void result(BenchResult result) {
        out.println(result.toLine());
        out.flush();
    }

    @Override
    public void failure(String message) {
        err.println("gort bench: FAILED " + message);
        err.flush();
    }
}
