/**
 * The runtime side of {@code io.github.gort.metrics}: {@link io.github.gort.internal.metrics.TimeHistogram}
 * (Go's timeHistogram), the sampling of scheduling latency ({@link io.github.gort.internal.metrics.SchedLatency})
 * and mutex wait time ({@link io.github.gort.internal.metrics.MutexWait}). Called from the scheduler, the
 * collector and {@code sync}; read by {@code Metrics}.
 */
package io.github.gort.internal.metrics;
