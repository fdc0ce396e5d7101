/**
 * gort: the core of Go's runtime on JDK 25 continuations.
 *
 * <p>A program uses the exported packages: {@code io.github.gort.runtime} (goroutines, channels, select, time),
 * {@code io.github.gort.net} (TCP sockets served by the network poller),
 * {@code io.github.gort.heap} (the managed heap), {@code io.github.gort.sync} and {@code io.github.gort.context}.
 * The machinery lives in {@code io.github.gort.internal.*}, which no other module can reach, except that the
 * benchmarks module measures the run queues and GC work queues directly. {@code io.github.gort.diagnosis} holds
 * the switches that exist only to reproduce and diagnose bugs (golang/go#11640's legacy order, dispose logs,
 * invariant checks, raw forEachP and stop-the-world); only gort's command line may use them.
 *
 * <p>Goroutines run on {@code jdk.internal.vm.Continuation}: on the module path, start the JVM with
 * {@code --add-exports java.base/jdk.internal.vm=io.github.gort.runtime}.
 */
module io.github.gort.runtime {
    exports io.github.gort.runtime;
    exports io.github.gort.heap;
    exports io.github.gort.sync;
    exports io.github.gort.context;
    exports io.github.gort.net;
    exports io.github.gort.trace;
    exports io.github.gort.metrics;
    exports io.github.gort.management;

    requires java.management;

    exports io.github.gort.diagnosis to io.github.gort.cli;
    exports io.github.gort.internal.scheduler to io.github.gort.bench;
    exports io.github.gort.internal.chan to io.github.gort.bench;
    exports io.github.gort.internal.gcwork to io.github.gort.bench;
}
