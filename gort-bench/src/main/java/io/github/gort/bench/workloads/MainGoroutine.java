package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.trace.Trace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a workload body as the main goroutine of a fresh gort runtime, and rethrows what the body threw. With
 * {@code -Dgort.bench.trace=true} ({@code gort bench --trace}) the main goroutine first starts an execution trace
 * to a temporary file and stops it after the body (warm-ups and timed runs all traced); the file is deleted after.
 */
final class MainGoroutine {
    private MainGoroutine() {}

    /** Starts a runtime with {@code config}, runs {@code body} as goroutine 1, and returns when the runtime stops. */
    static void run(Config config, Measure.Body body) throws Exception {
        Measure.Body run = Measure.traced() ? () -> traced(body) : body;
        AtomicReference<Exception> failure = new AtomicReference<>();
        GoRuntime.run(config, () -> {
            try {
                run.run();
            } catch (Exception e) {
                failure.set(e);   // rethrown below, outside the runtime
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void traced(Measure.Body body) throws Exception {
        Path file = Files.createTempFile("gort-bench-", ".trace");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Trace.start(out);
            try {
                body.run();
            } finally {
                Trace.stop();
            }
            out.flush();
            System.err.println("gort bench: execution trace of " + Files.size(file) + " bytes written and deleted");
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("gort bench: could not delete the trace " + file + ": " + e.getMessage());
        }
    }
}
