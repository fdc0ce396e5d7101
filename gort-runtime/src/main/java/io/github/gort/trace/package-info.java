/**
 * The execution tracer (Go: package {@code runtime/trace}): the events the runtime records about every G, M and P
 * ({@link io.github.gort.trace.EventKind}), as read back from a trace ({@link io.github.gort.trace.TraceEvent}).
 */
package io.github.gort.trace;
