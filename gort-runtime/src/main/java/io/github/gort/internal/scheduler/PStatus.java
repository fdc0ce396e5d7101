package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;

/**
 * P statuses (Go: runtime2.go, {@code _Pidle} .. {@code _Pdead}). Ints, so that {@code P.status} can be CAS'd;
 * {@link #name} prints Go's spelling so that dumps read like Go's.
 *
 * <pre>
 * status     meaning                                              owner
 * IDLE       not running code; on sched.pidle, or in transit      the idle list (under sched.lock), or its mover
 * RUNNING    owned by an M running the scheduler or a G           its M; only that M moves it out of RUNNING
 * SYSCALL    its G is in a system call; its M does NOT own it     nobody until a CAS out of SYSCALL wins
 * GCSTOP     halted for stop-the-world; the status of a new P     the stop-the-world caller
 * DEAD       beyond GOMAXPROCS; kept because a syscall M may      nobody (reused when GOMAXPROCS grows)
 *            still point at it
 * </pre>
 */
public final class PStatus {
    public static final int IDLE = 0;
    public static final int RUNNING = 1;
    public static final int SYSCALL = 2;
    public static final int GCSTOP = 3;
    public static final int DEAD = 4;

    private static final String[] GO_NAMES = {"_Pidle", "_Prunning", "_Psyscall", "_Pgcstop", "_Pdead"};

    private PStatus() {}

    /** Go's name of a status, e.g. {@code _Psyscall}. */
    public static String name(int s) {
        return s >= 0 && s < GO_NAMES.length ? GO_NAMES[s] : "bad p status " + s;
    }

    /** The moves Go 1.5-1.25 makes (runtime2.go's _P* comments). Anything else is a bug, fatal in debug mode. */
    static boolean allowed(int from, int to) {
        return switch (from) {
            case IDLE -> to == RUNNING || to == GCSTOP || to == DEAD;      // acquirep; STW, handoffp; procresize
            case RUNNING -> to == IDLE || to == SYSCALL || to == GCSTOP;   // owner: releasep, entersyscall, gcstopm
            case SYSCALL -> to == RUNNING || to == IDLE || to == GCSTOP;   // CAS: exitsyscallfast, retake, forEachP, STW
            case GCSTOP -> to == IDLE || to == RUNNING || to == DEAD;      // procresize, world stopped
            case DEAD -> to == GCSTOP;                                     // procresize growing again
            default -> false;
        };
    }

    static void checkTransition(String where, P pp, int from, int to) {
        if (!allowed(from, to)) {
            throw new FatalError(where + ": bad p status change for P" + pp.id + ": " + name(from) + " -> " + name(to));
        }
    }
}
