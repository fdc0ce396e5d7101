package io.github.gort.cli.trace;

import static io.github.gort.trace.EventKind.FOREACHP_RUN;
import static io.github.gort.trace.EventKind.GCWORK_DISPOSE;
import static io.github.gort.trace.EventKind.GO_START;
import static io.github.gort.trace.EventKind.PROC_START;
import static io.github.gort.trace.EventKind.SYSCALL_ENTER;
import static io.github.gort.trace.EventKind.SYSCALL_EXIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SyscallRace finds golang/go#11640's order (enter, another M on the P, late dispose) and nothing in Go's order. */
class SyscallRaceTest {
    private static long clock;

    private static TraceEvent ev(EventKind kind, long m, int p) {
        return new TraceEvent(clock += 1_000, kind, p, m, kind == SYSCALL_ENTER ? 4 : 0, 0, "");
    }

    @Test
    void legacyOrderIsFound() {
        TraceEvent enter = ev(SYSCALL_ENTER, 0, 0);
        TraceEvent taken = ev(PROC_START, 1, 0);
        TraceEvent foreignDispose = ev(GCWORK_DISPOSE, 1, 0);
        TraceEvent run = ev(FOREACHP_RUN, 1, 0);
        TraceEvent other = ev(GO_START, 2, 1);                      // another P: not part of the window
        TraceEvent late = ev(GCWORK_DISPOSE, 0, 0);
        TraceEvent exit = ev(SYSCALL_EXIT, 0, -1);

        var found = SyscallRace.findLast(List.of(enter, taken, foreignDispose, run, other, late, exit));

        assertThat(found).isPresent();
        assertThat(found.get().enter()).isEqualTo(enter);
        assertThat(found.get().dispose()).isEqualTo(late);
        assertThat(found.get().foreign()).containsExactly(taken, foreignDispose, run);
        assertThat(found.get().window()).containsExactly(enter, taken, foreignDispose, run, late);
    }

    @Test
    void goOrderDisposesBeforeEnteringAndIsNotFound() {
        List<TraceEvent> fixed = List.of(ev(GCWORK_DISPOSE, 0, 0), ev(SYSCALL_ENTER, 0, 0), ev(PROC_START, 1, 0),
                ev(FOREACHP_RUN, 1, 0), ev(SYSCALL_EXIT, 0, -1), ev(GCWORK_DISPOSE, 0, 0));

        assertThat(SyscallRace.findLast(fixed)).isEmpty();
    }

    @Test
    void disposeInsideTheSyscallWithNoOtherMOnThePIsNotAnInterleaving() {
        List<TraceEvent> alone = List.of(ev(SYSCALL_ENTER, 0, 0), ev(GO_START, 1, 1), ev(GCWORK_DISPOSE, 0, 0));

        assertThat(SyscallRace.findLast(alone)).isEmpty();
    }

    @Test
    void lineNamesTimeMPKindGoroutineAndDetail() {
        TraceEvent e = new TraceEvent(3_500, SYSCALL_ENTER, 0, 0, 4, 0, "");
        TraceEvent sysmon = new TraceEvent(4_000, EventKind.SYSMON_RETAKE, 2, -1, 0, 0, "syscall");

        assertThat(SyscallRace.line(e, 1_000)).isEqualTo("    +2.500 us  M0   P0   SYSCALL_ENTER    G4");
        assertThat(SyscallRace.line(sysmon, 1_000)).contains("sysmon/-").contains("P2").endsWith("SYSMON_RETAKE    syscall");
    }
}
