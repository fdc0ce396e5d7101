package io.github.gort.trace;

/**
 * What an execution-trace event records (Go: the event types of runtime/trace). For each kind, what the
 * {@link TraceEvent} fields mean; a field not named is -1 (p, m) or 0 (g, arg) and detail is "".
 */
public enum EventKind {
    /** g was created by the goroutine {@code arg} (0: by the runtime); detail: the function it runs. */
    GO_CREATE,
    /** g starts (or resumes) running on p, on m. */
    GO_START,
    /** g, running on p, yielded or was preempted and is runnable again; detail: why ("gosched", "preempted"). */
    GO_SCHED,
    /** g, running on p, blocks; detail: the wait reason, as a dump shows it ("chan receive", "sleep"). */
    GO_BLOCK,
    /** g is made runnable by the goroutine {@code arg} (0: by a timer, the poller or the runtime), on p if known. */
    GO_UNBLOCK,
    /** g, running on p, ends. */
    GO_END,
    /** g, on p and m, enters a system call ({@code Go.syscall}). */
    SYSCALL_ENTER,
    /** g leaves its system call on m, with p (the P it got back or another); detail: "fast" or "slow". */
    SYSCALL_EXIT,
    /** p, held by a goroutine g in a system call on m, was handed off (taken by sysmon or given up). */
    SYSCALL_HANDOFF,
    /** m acquires p (it starts running goroutine code). */
    PROC_START,
    /** m releases p (the P goes idle, or to a system call). */
    PROC_STOP,
    /** p (on m) stole {@code arg} goroutines from another P; detail: the victim, as "P3". */
    PROC_STEAL,
    /** sysmon retook p from a system call (g the goroutine in it). */
    SYSMON_RETAKE,
    /** sysmon asked g, running on p, to stop: it ran longer than the time slice. */
    PREEMPT,
    /** A GC cycle {@code arg} starts (sweep termination and the start of mark). */
    GC_START,
    /** Mark termination of cycle {@code arg}. */
    GC_MARK_TERMINATION,
    /** Sweeping of cycle {@code arg} starts. */
    GC_SWEEP_START,
    /** Sweeping of cycle {@code arg} is done. */
    GC_SWEEP_DONE,
    /** p disposed its gcWork cache (the safe-point function of golang/go#11640), on m; detail: what it did. */
    GCWORK_DISPOSE,
    /** m begins to stop the world; detail: the reason. */
    STW_START,
    /** The world is started again by m. */
    STW_DONE,
    /** A forEachP round begins, started by m; detail: the reason. */
    FOREACHP_START,
    /** The safe-point function of the current forEachP round ran for p, on m. */
    FOREACHP_RUN,
    /** The forEachP round is over. */
    FOREACHP_DONE,
}
