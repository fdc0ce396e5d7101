/**
 * gort over JMX, one bean of each per running runtime: {@link io.github.gort.management.MetricsMXBean}
 * ({@code io.github.gort:type=Metrics,name=runtime-N}, with {@link io.github.gort.management.HistogramSummary})
 * and {@link io.github.gort.management.DiagnosticMXBean} ({@code io.github.gort:type=Diagnostic,name=runtime-N}:
 * the goroutine dump of a running program, for {@code jconsole}, {@code jcmd} and {@code ./gort dump PID}).
 */
package io.github.gort.management;
