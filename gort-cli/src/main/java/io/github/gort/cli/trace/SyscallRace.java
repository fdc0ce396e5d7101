package io.github.gort.cli.trace;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds golang/go#11640's interleaving in a trace: an M enters a system call on P (SYSCALL_ENTER), another M (or
 * sysmon) acts on that P, and only then does the first M dispose the P's gcWork (GCWORK_DISPOSE by the entering M
 * for that P, before its SYSCALL_EXIT): the safe-point function ran after {@code _Psyscall} was published, on a P
 * its M no longer owned. In Go's order the dispose comes before anyone else can touch the P, so none is found.
 */
public final class SyscallRace {
    /**
     * One occurrence: the system call's entry, what other Ms did on the P meanwhile, and the late dispose.
     *
     * @param window every event of the P and of the entering M from the entry to the dispose, in time order
     */
    public record Interleaving(TraceEvent enter, List<TraceEvent> foreign, TraceEvent dispose,
                               List<TraceEvent> window) {}

    private SyscallRace() {}

    /** The last occurrence in events (time order, as TraceReader returns them), if any. */
    public static Optional<Interleaving> findLast(List<TraceEvent> events) {
        Map<Long, Integer> enterIndexByM = new HashMap<>();     // an M in a system call: where it entered
        Interleaving last = null;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e.kind() == EventKind.SYSCALL_ENTER && e.p() >= 0) {
                enterIndexByM.put(e.m(), i);
            } else if (e.kind() == EventKind.SYSCALL_EXIT) {
                enterIndexByM.remove(e.m());
            } else if (e.kind() == EventKind.GCWORK_DISPOSE && enterIndexByM.containsKey(e.m())) {
                int enter = enterIndexByM.get(e.m());
                if (events.get(enter).p() == e.p()) {
                    Interleaving found = between(events, enter, i);
                    if (!found.foreign().isEmpty()) {
                        last = found;
                    }
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static Interleaving between(List<TraceEvent> events, int from, int to) {
        TraceEvent enter = events.get(from);
        List<TraceEvent> foreign = new ArrayList<>();
        List<TraceEvent> window = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            TraceEvent e = events.get(i);
            boolean onP = e.p() == enter.p();
            if (onP || e.m() == enter.m()) {
                window.add(e);
            }
            if (onP && e.m() != enter.m() && i != from) {
                foreign.add(e);
            }
        }
        return new Interleaving(enter, foreign, events.get(to), window);
    }

    /** One event as a line of the repro's report: time, M, P, kind, goroutine, detail. */
    public static String line(TraceEvent e, long originNanos) {
        return String.format("%+10.3f us  %-4s %-4s %-16s%s%s", (e.nanos() - originNanos) / 1e3,
                e.m() < 0 ? "sysmon/-" : "M" + e.m(), e.p() < 0 ? "-" : "P" + e.p(), e.kind(),
                e.g() == 0 ? "" : " G" + e.g(), e.detail().isEmpty() ? "" : " " + e.detail());
    }
}
