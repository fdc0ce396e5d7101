package io.github.gort.internal.jfr;

import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.Sched;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: sysmon's retake took a P from a goroutine blocked in a system call and handed it off (Go: proc.go
 * retake, handoffp). Committed by sysmon right after it won the P's CAS out of {@code _Psyscall}; the goroutine
 * and M are found by the M whose {@code oldp} is that P (written before the {@code _Psyscall} store that sysmon
 * read, so visible to it; racy reads otherwise: an M that has just left the call and lost the P may already have
 * cleared it, and then the event says goroutine 0, M -1). Only sysmon touches an instance.
 */
@Name("io.github.gort.SyscallLostP")
@Label("System Call Lost Its P")
@Category({"gort", "Scheduler"})
@Description("sysmon took the P of a goroutine blocked in a system call and handed it to another M")
@StackTrace(false)
public final class SyscallLostPEvent extends Event {
    @Label("Goroutine")
    long goid;

    @Label("M")
    long m;

    @Label("P")
    int p;

    @Label("Syscall Duration")
    @Description("How long the call had lasted when sysmon took the P (from the first sysmon tick that saw it)")
    @Timespan(Timespan.NANOSECONDS)
    long syscallDuration;

    /**
     * sysmon won pp out of {@code _Psyscall}; the call had lasted about inSyscallNanos. Runs on sysmon, before
     * handoffp.
     */
    public static void retaken(Sched sched, P pp, long inSyscallNanos) {
        SyscallLostPEvent e = new SyscallLostPEvent();
        if (!e.shouldCommit()) {
            return;
        }
        e.m = -1;
        for (M mp : sched.allm) {
            if (mp.oldp == pp && mp.insyscall) {
                e.m = mp.id();
                e.goid = mp.curg == null ? 0 : mp.curg.goid;
                break;
            }
        }
        e.p = pp.id;
        e.syscallDuration = inSyscallNanos;
        e.commit();
    }
}
