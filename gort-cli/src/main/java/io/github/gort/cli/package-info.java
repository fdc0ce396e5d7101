/**
 * The {@code gort} program (picocli): {@code gort run} ({@link io.github.gort.cli.RunCommand}), {@code gort bench}
 * ({@link io.github.gort.cli.BenchCommand}), {@code gort trace FILE} ({@link io.github.gort.cli.TraceCommand},
 * drawing with {@link io.github.gort.cli.trace.TraceHtml}), {@code gort repro 11640}
 * ({@link io.github.gort.cli.ReproCommand}, the one user of the runtime's {@code io.github.gort.diagnosis} package)
 * and {@code gort dump PID} ({@link io.github.gort.cli.DumpCommand}: another JVM's goroutine dump, read from its
 * DiagnosticMXBean through {@link io.github.gort.cli.attach.JmxAttach}).
 */
package io.github.gort.cli;
