package io.github.gort.internal.jfr;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
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
 * is the P's {@code syscallg}, written by reentersyscall before the {@code _Psyscall} store that sysmon's CAS
 * read, so exact; its M is read racily from the G (-1 if the M has already let go of it). Only sysmon touches an
 * instance.
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
    @Description("How long the call had lasted when sysmon took the P, from the first sysmon tick that saw it"
            + " (0: taken at first sight: in a tick that also forced a preemption, or a P's first call, whose"
            + " syscalltick sysmon's record already matches)")
    @Timespan(Timespan.NANOSECONDS)
    long syscallDuration;

    /**
     * sysmon won pp out of {@code _Psyscall}; the call had lasted about inSyscallNanos. Runs on sysmon, before
     * handoffp.
     */
    public static void retaken(P pp, long inSyscallNanos) {
        SyscallLostPEvent e = new SyscallLostPEvent();
        if (!e.shouldCommit()) {
            return;
        }
        G gp = pp.syscallg;                              // published by the SYSCALL store we CASed away
        M mp = gp.m;                                     // racy: the M may be leaving the call right now
        e.goid = gp.goid;
        e.m = mp == null ? -1 : mp.id();
        e.p = pp.id;
        e.syscallDuration = inSyscallNanos;
        e.commit();
    }
}
