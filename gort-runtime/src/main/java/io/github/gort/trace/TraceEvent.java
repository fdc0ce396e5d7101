package io.github.gort.trace;

import java.util.Objects;

/**
 * One execution-trace event, as read back from a trace: see {@link EventKind} for what each field means per kind.
 *
 * @param nanos  time since the trace began, in nanoseconds
 * @param kind   what happened
 * @param p      the P it happened on, or -1
 * @param m      the M (thread) it happened on, or -1
 * @param g      the goroutine it is about, or 0
 * @param arg    a kind-specific number, or 0
 * @param detail a kind-specific text, or ""
 */
public record TraceEvent(long nanos, EventKind kind, int p, long m, long g, long arg, String detail) {
    public TraceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
