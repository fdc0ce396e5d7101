package io.github.gort.cli.trace;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds golang/go#11640's interleaving in a trace. SYSCALL_ENTER is recorded where the M publishes
 * {@code _Psyscall} (after Go's order has run the pending safe-point function), so a GCWORK_DISPOSE by that M for
 * that P before its SYSCALL_EXIT is a late dispose: the safe-point function ran on a P its M no longer owned. The
 * occurrence reported is the window from the entry to the M's exit (or the trace's end), with what other Ms and
 * sysmon did on the P meanwhile: the retake, the other M's PROC_START and its goroutines. A flight recording's
 * ring may have lost the entry; a dispose followed by its M's SYSCALL_EXIT, with no system-call event of that M
 * before it, is late too. In Go's order no dispose falls inside a system call, so none is found.
 */
public final class SyscallRace {
    /**
     * One occurrence: the system call's entry (empty when the recording, a flight recorder's ring, begins inside
     * the call: the M's next system-call event is then its exit), the late dispose, what others did on the P from
     * the entry (or the recording's start) to the entering M's exit, and every event of the P and of that M in that
     * span, in time order.
     */
    public record Interleaving(Optional<TraceEvent> enter, TraceEvent dispose, List<TraceEvent> foreign,
                               List<TraceEvent> window) {
        /** The P the late dispose was for. */
        public int p() {
            return dispose.p();
        }

        /** The M that entered the system call and disposed the P's gcWork. */
        public long m() {
            return dispose.m();
        }
    }

    private SyscallRace() {}

    /**
     * The last late dispose in events (time order, as TraceReader returns them), preferring one whose P another M
     * or sysmon acted on before the entering M left its system call.
     */
    public static Optional<Interleaving> findLast(List<TraceEvent> events) {
        Interleaving last = null;
        Interleaving lastContended = null;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e.kind() != EventKind.GCWORK_DISPOSE || e.m() < 0 || e.p() < 0) {
                continue;
            }
            int before = syscallEvent(events, i, -1, e.m());
            int from;
            if (before >= 0 && events.get(before).kind() == EventKind.SYSCALL_ENTER
                    && events.get(before).p() == e.p()) {
                from = before;                                // inside the system call that published this P
            } else if (before < 0 && isExit(events, syscallEvent(events, i, +1, e.m()))) {
                from = -1;                                    // the recording begins inside the system call
            } else {
                continue;                                     // a dispose by the P's owner, outside any call
            }
            Interleaving found = window(events, from, i);
            last = found;
            if (!found.foreign().isEmpty()) {
                lastContended = found;
            }
        }
        return Optional.ofNullable(lastContended != null ? lastContended : last);
    }

    /** The index of m's nearest SYSCALL_ENTER or SYSCALL_EXIT from i in direction step (+1, -1), or -1. */
    private static int syscallEvent(List<TraceEvent> events, int i, int step, long m) {
        for (int j = i + step; j >= 0 && j < events.size(); j += step) {
            TraceEvent e = events.get(j);
            if (e.m() == m && (e.kind() == EventKind.SYSCALL_ENTER || e.kind() == EventKind.SYSCALL_EXIT)) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isExit(List<TraceEvent> events, int i) {
        return i >= 0 && events.get(i).kind() == EventKind.SYSCALL_EXIT;
    }

    private static Interleaving window(List<TraceEvent> events, int from, int dispose) {
        TraceEvent late = events.get(dispose);
        List<TraceEvent> foreign = new ArrayList<>();
        List<TraceEvent> window = new ArrayList<>();
        for (int i = Math.max(from, 0); i < events.size(); i++) {
            TraceEvent e = events.get(i);
            boolean mine = e.m() == late.m();
            if (e.p() == late.p() || mine) {
                window.add(e);
            }
            if (e.p() == late.p() && !mine) {
                foreign.add(e);
            }
            if (i > dispose && mine && e.kind() == EventKind.SYSCALL_EXIT) {
                break;                                        // the entering M is back: its P is its own again
            }
        }
        Optional<TraceEvent> enter = from >= 0 ? Optional.of(events.get(from)) : Optional.empty();
        return new Interleaving(enter, late, foreign, window);
    }

    /** One event as a line of the repro's report: time, M, P, kind, goroutine, detail. */
    public static String line(TraceEvent e, long originNanos) {
        return String.format("%+10.3f us  %-4s %-4s %-16s%s%s", (e.nanos() - originNanos) / 1e3,
                e.m() < 0 ? "sysmon/-" : "M" + e.m(), e.p() < 0 ? "-" : "P" + e.p(), e.kind(),
                e.g() == 0 ? "" : " G" + e.g(), e.detail().isEmpty() ? "" : " " + e.detail());
    }
}
