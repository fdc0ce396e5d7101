package io.github.gort.cli.trace;

import static io.github.gort.trace.EventKind.FOREACHP_RUN;
import static io.github.gort.trace.EventKind.GCWORK_DISPOSE;
import static io.github.gort.trace.EventKind.GO_START;
import static io.github.gort.trace.EventKind.PROC_START;
import static io.github.gort.trace.EventKind.SYSCALL_ENTER;
import static io.github.gort.trace.EventKind.SYSCALL_EXIT;
import static io.github.gort.trace.EventKind.SYSMON_RETAKE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.trace.EventKind;
import io.github.gort.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SyscallRace finds golang/go#11640's late dispose (inside the system call, with another M on the P before the
 * entering M is back) and nothing in Go's order, where the dispose comes before SYSCALL_ENTER.
 */
class SyscallRaceTest {
    private static long clock;

    private static TraceEvent ev(EventKind kind, long m, int p) {
        return new TraceEvent(clock += 1_000, kind, p, m, kind == SYSCALL_ENTER ? 4 : 0, 0, "");
    }

    @Test
    void aLateDisposeWithAnotherMOnThePIsFound() {
        TraceEvent enter = ev(SYSCALL_ENTER, 1, 1);
        TraceEvent late = ev(GCWORK_DISPOSE, 1, 1);              // after _Psyscall: as the 11640 repro recorded it
        TraceEvent other = ev(GO_START, 2, 0);                  // another P: not part of the window
        TraceEvent retake = ev(SYSMON_RETAKE, -1, 1);
        TraceEvent taken = ev(PROC_START, 4, 1);
        TraceEvent run = ev(FOREACHP_RUN, 1, 1);                // the late safe-point function still running
        TraceEvent exit = ev(SYSCALL_EXIT, 1, -1);
        TraceEvent after = ev(GO_START, 4, 1);                  // after the exit: outside the window

        var found = SyscallRace.findLast(List.of(enter, late, other, retake, taken, run, exit, after));

        assertThat(found).isPresent();
        assertThat(found.get().enter()).contains(enter);
        assertThat(found.get().dispose()).isEqualTo(late);
        assertThat(found.get().foreign()).containsExactly(retake, taken);
        assertThat(found.get().window()).containsExactly(enter, late, retake, taken, run, exit);
    }

    @Test
    void aLateDisposeNoOneElseSawIsStillReported() {
        TraceEvent enter = ev(SYSCALL_ENTER, 0, 0);
        TraceEvent late = ev(GCWORK_DISPOSE, 0, 0);
        var found = SyscallRace.findLast(List.of(enter, late, ev(SYSCALL_EXIT, 0, 0)));

        assertThat(found).isPresent();
        assertThat(found.get().foreign()).isEmpty();
    }

    @Test
    void aRingThatLostTheEntryStillShowsTheLateDispose() {
        TraceEvent late = ev(GCWORK_DISPOSE, 3, 0);             // the ring begins inside M3's system call
        TraceEvent taken = ev(PROC_START, 4, 0);
        TraceEvent exit = ev(SYSCALL_EXIT, 3, -1);
        var found = SyscallRace.findLast(List.of(ev(GO_START, 4, 0), late, taken, exit));

        assertThat(found).isPresent();
        assertThat(found.get().enter()).isEmpty();
        assertThat(found.get().m()).isEqualTo(3);
        assertThat(found.get().foreign()).first().isNotEqualTo(taken);   // G_START by M4 before it, then the take
        assertThat(found.get().foreign()).contains(taken);
    }

    @Test
    void aDisposeByTheOwnerBeforeItsFirstSystemCallIsNotLate() {
        assertThat(SyscallRace.findLast(List.of(ev(GCWORK_DISPOSE, 0, 0), ev(SYSCALL_ENTER, 0, 0),
                ev(SYSCALL_EXIT, 0, 0)))).isEmpty();
    }

    @Test
    void goOrderDisposesBeforeEnteringAndIsNotFound() {
        List<TraceEvent> fixed = List.of(ev(GCWORK_DISPOSE, 0, 0), ev(FOREACHP_RUN, 0, 0), ev(SYSCALL_ENTER, 0, 0),
                ev(SYSMON_RETAKE, -1, 0), ev(PROC_START, 1, 0), ev(GCWORK_DISPOSE, 1, 0), ev(SYSCALL_EXIT, 0, -1),
                ev(GCWORK_DISPOSE, 0, 0));

        assertThat(SyscallRace.findLast(fixed)).isEmpty();
    }

    @Test
    void lineNamesTimeMPKindGoroutineAndDetail() {
        TraceEvent e = new TraceEvent(3_500, SYSCALL_ENTER, 0, 0, 4, 0, "");
        TraceEvent sysmon = new TraceEvent(4_000, SYSMON_RETAKE, 2, -1, 0, 0, "syscall");

        assertThat(SyscallRace.line(e, 1_000)).isEqualTo("    +2.500 us  M0   P0   SYSCALL_ENTER    G4");
        assertThat(SyscallRace.line(sysmon, 1_000)).contains("sysmon/-").contains("P2").endsWith("SYSMON_RETAKE    syscall");
    }
}
