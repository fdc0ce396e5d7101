package io.github.gort.bench.workloads;


import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a workload body as the main goroutine of a fresh gort runtime, and rethrows what the body threw. */
final class MainGoroutine {
    private MainGoroutine() {}

    /** Starts a runtime with {@code config}, runs {@code body} as goroutine 1, and returns when the runtime stops. */
    static void run(Config config, Measure.Body body) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        GoRuntime.run(config, () -> {
            try {
                body.run();
            } catch (Exception e) {
                failure.set(e);   // rethrown below, outside the runtime
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
