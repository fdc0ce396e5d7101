package io.github.gort.internal.scheduler;

/**
 * G statuses (Go: runtime2.go, {@code _Gidle} .. {@code _Gdead}), with Go's numeric values. The status acts as
 * a lock on the G's continuation: only the owner named below may run or move it.
 *
 * <pre>
 * status     meaning                                         who owns the G (and its continuation)
 * IDLE       just allocated, not yet initialised             its creator
 * RUNNABLE   on exactly one run queue, not running           the queue that holds it
 * RUNNING    mounted on an M that owns a P                   that M (g.m.curg == g)
 * SYSCALL    in a system call on its M, not mounted by a P   that M; it owns no P meanwhile
 * WAITING    parked; recorded in a wait structure            the wait structure (channel, sema, timer, ...)
 * DEAD       finished (or unused); on a free list            the free list
 * </pre>
 * {@code _Gscan} (0x1000) is kept in the encoding for Go 1.26's syscall design (runtime2.go _Gscan); gort cannot
 * scan Java stacks, so nothing sets it today.
 */
public final class GStatus {
    public static final int IDLE = 0;
    public static final int RUNNABLE = 1;
    public static final int RUNNING = 2;
    public static final int SYSCALL = 3;
    public static final int WAITING = 4;
    public static final int DEAD = 6;
    public static final int SCAN_BIT = 0x1000;

    private GStatus() {}

    /** Go's name of a status, e.g. {@code _Gwaiting}. */
    public static String name(int s) {
        return switch (s) {
            case IDLE -> "_Gidle";
            case RUNNABLE -> "_Grunnable";
            case RUNNING -> "_Grunning";
            case SYSCALL -> "_Gsyscall";
            case WAITING -> "_Gwaiting";
            case DEAD -> "_Gdead";
            default -> "bad g status " + s;
        };
    }

    /** The word Go prints in a goroutine header, {@code goroutine 7 [chan receive]:}. */
    static String traceName(int s) {
        return switch (s) {
            case IDLE -> "idle";
            case RUNNABLE -> "runnable";
            case RUNNING -> "running";
            case SYSCALL -> "syscall";
            case WAITING -> "waiting";
            case DEAD -> "dead";
            default -> "???";
        };
    }

    /** The legal (old, new) pairs (Go: the transitions runtime2.go's comments allow). */
    static boolean allowed(int from, int to) {
        return switch (from) {
            case IDLE -> to == DEAD;                                        // newproc1, malg
            case DEAD -> to == RUNNABLE;                                    // newproc1
            case RUNNABLE -> to == RUNNING;                                 // execute
            case RUNNING -> to == RUNNABLE || to == WAITING || to == SYSCALL || to == DEAD;
            case WAITING -> to == RUNNABLE;                                 // ready; a cancelled park
            case SYSCALL -> to == RUNNING || to == RUNNABLE;                // exitsyscall fast / slow path
            default -> false;
        };
    }
}
