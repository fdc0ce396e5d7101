package io.github.gort.internal.scheduler;

import io.github.gort.internal.jfr.LongRunningGoroutineEvent;
import io.github.gort.internal.jfr.SyscallLostPEvent;
import io.github.gort.internal.preempt.LoopPoll;
import io.github.gort.trace.EventKind;

/**
 * sysmon: a monitor thread with no P (Go: proc.go sysmon, retake, preemptone; schedtrace in SchedTrace). Each
 * round it sleeps (20 µs, doubling after 50 idle rounds, up to 10 ms), polls the network if nobody has for 10 ms,
 * takes back Ps that sit in
 * {@code _Psyscall}, asks Gs that have run for 10 ms without a scheduling point to yield, wakes an M when work
 * waits next to an idle P with nobody spinning, and prints the schedtrace line when asked.
 *
 * <pre>
 * field                 writer                               others                    mode
 * p.sysmontick.*        sysmon only                          -                         plain
 * sysmonwait            sysmon sets and clears; a waker      wakers' fast path and     volatile at every access;
 *                       clears it, as it wakes sysmon        schedtrace read it        every write under
 *                                                            without the lock          sysmonLock (private; others
 *                                                                                      read sysmonwaitVolatile)
 * note                  wakeup: a waker under sysmonLock,    -                         (Note)
 *                       Exit; sleep and clear: sysmon only
 * </pre>
 * sysmon owns no P: it cannot allocate or touch P-local data. It takes a P only by winning a CAS out of
 * {@code _Psyscall}, and then passes it on at once with handoffp.
 *
 * <h2>The deep sleep ("sysmonwait")</h2>
 * When every P is idle (or the world is stopped) sysmon has nothing to watch, and sleeps until someone needs it
 * again: Go sleeps until the next timer and is woken by exitsyscall and startTheWorld. gort's goroutines are also
 * readied from outside the scheduler without a deadline (the timer thread, a Java future completing), so gort
 * wakes sysmon wherever a P starts running again: {@code Handoff.acquirep}, the one step every idle-to-running path
 * takes, plus exitsyscall and startTheWorld as in Go. Without that wake-up a CPU-bound goroutine would keep the
 * only P for the whole deep sleep (1 s) instead of its 10 ms time slice. The check-then-sleep protocol:
 * <ol>
 * <li>sysmon publishes {@code sysmonwait = true}, then re-checks "every P idle or the world stopped"; if that no
 *     longer holds it clears the flag and does not sleep.
 * <li>A waker first makes its change visible (pidleget's {@code npidle} decrement, start-the-world's
 *     {@code gcwaiting = false}), then reads {@code sysmonwait}; if set it clears it and wakes the note, under
 *     {@code sysmonLock}.
 * <li>sysmon, awake, clears {@code sysmonwait} and the note under {@code sysmonLock}, so no wake-up for this sleep
 *     can still be in flight when the note is cleared (Go's rule for noteclear).
 * </ol>
 * Steps 1 and 2 are store-then-load on two volatile variables (Dekker): Java's volatile accesses are sequentially
 * consistent, so either sysmon's re-check sees the waker's change or the waker sees {@code sysmonwait}; a wake-up
 * cannot be lost. Do not weaken either side to plain or acquire/release accesses.
 *
 * <h2>Waking for the next time slice's end (not in Go)</h2>
 * Go's sysmon sleeps its delay whatever runs, so a goroutine that runs on is asked to yield between 10 and 20 ms
 * into its slice. gort's sysmon also wakes when the oldest slice it has seen reaches 10 ms
 * ({@code nextForcedPreempt}, computed by retake), and treats a request it made as activity (its delay falls back
 * to 20 µs, so it sees the next slice begin): a spinning goroutine yields about 10 ms into its slice, and a
 * goroutine waiting behind it waits for that, not for up to twice that.
 */
public final class Sysmon {
    static final long FORCE_PREEMPT_NANOS = 10_000_000;    // Go: forcePreemptNS
    private static final long MIN_DELAY_NANOS = 20_000;
    /** When the oldest running slice retake saw reaches FORCE_PREEMPT_NANOS (MAX_VALUE: none). Sysmon only. */
    private long nextForcedPreempt = Long.MAX_VALUE;
    /** retake asked a goroutine to yield this round. Sysmon only. */
    private boolean preemptRequested;
    /** sysmon polls the network when nobody has for this long (Go: 10 ms). */
    private static final long NETPOLL_NANOS = 10_000_000;
    private static final long MAX_DELAY_NANOS = 10_000_000;
    /**
     * The longest deep sleep: a backstop, since every path that gives sysmon work again wakes it (Go sleeps up to
     * forcegcperiod/2, 1 min, or until the next timer).
     */
    private static final long DEEP_SLEEP_NANOS = 1_000_000_000;

    private final Sched sched;
    private final Note note = new Note();
    private final Object sysmonLock = new Object();
    /** True from just before sysmon's deep sleep until it or a waker ends it (see "The deep sleep"). Go: sched.sysmonwait. */
    private volatile boolean sysmonwait;

    private Thread thread;
    private final long startNanos = System.nanoTime();
    private long lastTrace;
    /** Wakeups sysmon made because work waited with nobody spinning (should stay rare). */
    final java.util.concurrent.atomic.LongAdder wakeups = new java.util.concurrent.atomic.LongAdder();

    public Sysmon(Sched sched) {
        this.sched = sched;
    }

    /**
     * sysmon runs on an M of its own that never has a P (Go: newm(sysmon, nil, -1)); it is in no M list. Being an
     * M gives it an identity when it takes a P out of {@code _Psyscall} and handoffp runs a safe-point function as
     * that P's transient owner.
     */
    public void start() {
        M mp = new M(sched, -1);
        thread = new M.Carrier(mp, this::run, "gort-sysmon");   // fatal if it dies (Carrier's handler)
        mp.thread = thread;
        thread.start();
    }

    public Thread thread() {
        return thread;
    }

    long uptimeMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * Wakes sysmon from its deep sleep, if it is in one. Call it after the change that gives sysmon work again is
     * visible (step 2 of "The deep sleep"). Any thread. Go: the sysmonwait checks in entersyscall,
     * exitsyscallfast_pidle and startTheWorldWithSema.
     */
    void wakeIfWaiting() {
        if (!sysmonwait) {                                   // volatile load after the caller's store: Dekker's
            return;                                          // pairing with deepSleep's store-then-recheck
        }
        synchronized (sysmonLock) {
            if (sysmonwait) {
                sysmonwait = false;
                note.wakeup();
            }
        }
    }

    /** Whether sysmon is in (or entering) its deep sleep, by a volatile load without the lock; for schedtrace. */
    boolean sysmonwaitVolatile() {
        return sysmonwait;
    }

    /** Wakes sysmon unconditionally (runtime exit). */
    void wake() {
        note.wakeup();
    }

    private void run() {
        long delay = MIN_DELAY_NANOS;
        int idle = 0;
        int traceMillis = sched.config.godebug().schedtrace();
        try {
            while (!sched.exiting()) {
                if (idle == 0) {
                    delay = MIN_DELAY_NANOS;
                } else if (idle > 50) {
                    delay = Math.min(delay * 2, MAX_DELAY_NANOS);
                }
                note.sleep(Math.max(MIN_DELAY_NANOS, Math.min(delay, nextForcedPreempt - System.nanoTime())));
                note.clear();
                if (sched.exiting()) {
                    break;
                }
                long now = System.nanoTime();
                if (traceMillis > 0 && uptimeMillis() - lastTrace >= traceMillis) {
                    lastTrace = uptimeMillis();
                    SchedTrace.print(sched, lastTrace, sched.config.godebug().scheddetail());
                }
                if (traceMillis == 0 && nothingToWatch()) {
                    deepSleep();
                    idle = 0;
                    continue;
                }
                if (pollNetwork(now) | retake(now) != 0 | wakeIdleP() | preemptRequested) {
                    idle = 0;
                } else {
                    idle++;
                }
                if (LoopPoll.raised()) {
                    sched.world.settleLoopPoll(null);        // no goroutine may be polling to lower it
                }
            }
        } catch (Throwable t) {
            sched.exit.unexpected("sysmon", t);
        }
    }

    /** Every P is idle or the world is stopped: sysmon has nothing to watch (deepSleep's condition). */
    private boolean nothingToWatch() {
        return sched.gcwaiting || sched.npidle.get() == sched.gomaxprocs;
    }

    /**
     * Sleeps until a P runs again (or a system call, start-the-world, the runtime's exit), at most
     * {@link #DEEP_SLEEP_NANOS}: the check-then-sleep protocol of "The deep sleep". Runs on sysmon.
     */
    private void deepSleep() {
        synchronized (sysmonLock) {
            sysmonwait = true;                               // 1. publish, then re-check
        }
        if (!nothingToWatch() || sched.exiting()) {
            synchronized (sysmonLock) {
                sysmonwait = false;
                note.clear();                                // a waker may have seen the flag meanwhile
            }
            return;
        }
        note.sleep(DEEP_SLEEP_NANOS);
        synchronized (sysmonLock) {
            sysmonwait = false;                              // 3. no wake-up can be in flight after this
            note.clear();
        }
    }

    /**
     * Takes back Ps blocked in system calls, and requests preemption of Gs that ran 10 ms. Returns the number of
     * Ps taken. Go: retake (1.5-1.25).
     */
    int retake(long now) {
        int n = 0;
        preemptRequested = false;
        nextForcedPreempt = Long.MAX_VALUE;
        for (P pp : sched.allp()) {
            int s = pp.statusVolatile();
            boolean sysretake = false;
            P.SysmonTick pd = pp.sysmontick;
            if (s == PStatus.RUNNING || s == PStatus.SYSCALL) {
                int t = pp.schedtick;
                if (pd.schedtick != t) {
                    pd.schedtick = t;
                    pd.schedwhen = now;
                } else if (pd.schedwhen + FORCE_PREEMPT_NANOS <= now) {
                    LongRunningGoroutineEvent.requested(pp, pd.schedwhen);
                    preemptRequested |= sched.world.preemptone(null, pp);
                    sysretake = true;
                }
                if (s == PStatus.RUNNING && pd.schedtick == t && pd.schedwhen + FORCE_PREEMPT_NANOS > now) {
                    nextForcedPreempt = Math.min(nextForcedPreempt, pd.schedwhen + FORCE_PREEMPT_NANOS);
                }
            }
            if (s != PStatus.SYSCALL) {
                continue;
            }
            int t = pp.syscalltick;
            if (!sysretake && pd.syscalltick != t) {
                pd.syscalltick = t;                          // give it at least one sysmon tick
                pd.syscallwhen = now;
                continue;
            }
            // Leave it if it has nothing queued, someone else can pick up new work, and it is young.
            if (pp.runq.runqempty() && sched.nmspinning.get() + sched.npidle.get() > 0
                    && pd.syscallwhen + FORCE_PREEMPT_NANOS > now) {
                continue;
            }
            if (pp.casFromSyscall(PStatus.IDLE)) {
                n++;
                sched.stats.retakes.increment();
                if (sched.tracer.on()) {
                    sched.tracer.event(null, EventKind.SYSMON_RETAKE, pp.id, 0, 0, "");
                }
                SyscallLostPEvent.retaken(pp, pd.syscalltick == t && pd.syscallwhen != 0 ? now - pd.syscallwhen : 0);
                sched.handoff.handoffp(pp);
            }
        }
        return n;
    }

    /**
     * Polls the network if nobody has for 10 ms (every M busy running goroutines, none in the poll), and queues
     * what became ready on the global queue; true if it found any. Go: sysmon's "poll network if not polled for
     * more than 10ms".
     */
    private boolean pollNetwork(long now) {
        long last = sched.lastpoll.get();
        if (!sched.netpoll.inited() || last == 0 || last + NETPOLL_NANOS >= now) {
            return false;
        }
        sched.lastpoll.compareAndSet(last, now);
        java.util.List<G> list = sched.netpoll.poll(0);
        sched.goroutines.injectglist(null, list);
        return !list.isEmpty();
    }

    /** Work waits, a P is idle and nobody spins: wake a spinner (a safety net for lost wakeups). */
    private boolean wakeIdleP() {
        if (sched.npidle.get() == 0 || sched.nmspinning.get() != 0 || sched.gcwaiting) {
            return false;
        }
        boolean work = sched.runq.size() > 0;
        for (P pp : sched.allp()) {
            if (!work && pp.statusVolatile() == PStatus.RUNNING && pp.runq.runqlen() > 0) {
                work = true;
            }
        }
        if (work) {
            wakeups.increment();
            sched.handoff.wakep();
        }
        return work;
    }
}
