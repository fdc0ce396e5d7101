package io.github.gort.trace;

import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Starts and stops the execution trace of the calling goroutine's runtime (Go: runtime/trace's Start and Stop).
 * While on, every P records into a buffer of its own, and a writer thread encodes full buffers to the stream in
 * the format {@link TraceReader} documents; {@code ./gort trace FILE} draws it. Both calls stop the world
 * briefly. For a whole program, {@code ./gort run --trace FILE <example>}; for the last events before a fatal
 * error, {@link io.github.gort.runtime.Config#flightRecorder}.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("run.trace"))) {
 *     Trace.start(out);
 *     try {
 *         work();
 *     } finally {
 *         Trace.stop();
 *     }
 * }
 * }</pre>
 */
public final class Trace {
    private Trace() {}

    /**
     * Starts tracing to out (which the trace does not close). The goroutines that already exist are recorded
     * first, as created (and blocked, for those waiting).
     *
     * @throws IllegalStateException if a trace or the flight recorder is already on, or the caller is not a
     *                               goroutine
     * @throws java.io.UncheckedIOException if the header cannot be written
     */
    public static void start(OutputStream out) {
        Objects.requireNonNull(out, "Trace.start: out");
        M mp = Goroutines.goroutineM("Trace.start");
        mp.sched.tracer.startStream(mp, out, "trace start");
    }

    /**
     * Stops tracing: collects every P's buffer, writes the end record and flushes the stream; returns once all
     * is written. Events after this call are not recorded.
     *
     * @throws IOException           if writing the trace failed (the trace is then incomplete)
     * @throws IllegalStateException if no trace was started in this runtime
     */
    public static void stop() throws IOException {
        M mp = Goroutines.goroutineM("Trace.stop");
        mp.sched.tracer.stopStream(mp, "trace stop");
    }
}
