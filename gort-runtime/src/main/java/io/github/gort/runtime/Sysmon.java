package io.github.gort.runtime;

/**
 * sysmon: a monitor thread with no P (Go: proc.go sysmon, retake, preemptone; schedtrace in SchedTrace). Each
 * round it sleeps (20 µs, doubling after 50 idle rounds, up to 10 ms), takes back Ps that sit in
 * {@code _Psyscall}, asks Gs that have run for 10 ms without a scheduling point to yield, wakes an M when work
 * waits next to an idle P with nobody spinning, and prints the schedtrace line when asked.
 *
 * <pre>
 * field                 writer                  others               mode
 * p.sysmontick.*        sysmon only             -                    plain
 * sched.sysmonwait      sysmon, under the lock  wakers read/clear     under sysmonLock (see wakeIfWaiting)
 * </pre>
 * sysmon owns no P: it cannot allocate or touch P-local data. It takes a P only by winning a CAS out of
 * {@code _Psyscall}, and then passes it on at once with handoffp.
 */
final class Sysmon {
    static final long FORCE_PREEMPT_NANOS = 10_000_000;    // Go: forcePreemptNS
    private static final long MIN_DELAY_NANOS = 20_000;
    private static final long MAX_DELAY_NANOS = 10_000_000;

    private final Sched sched;
    private final Note note = new Note();
    private final Object sysmonLock = new Object();
    private boolean sysmonwait;

    private Thread thread;
    private final long startNanos = System.nanoTime();
    private long lastTrace;
    /** Wakeups sysmon made because work waited with nobody spinning (should stay rare). */
    final java.util.concurrent.atomic.LongAdder wakeups = new java.util.concurrent.atomic.LongAdder();

    Sysmon(Sched sched) {
        this.sched = sched;
    }

    /**
     * sysmon runs on an M of its own that never has a P (Go: newm(sysmon, nil, -1)); it is in no M list. Being an
     * M gives it an identity when it takes a P out of {@code _Psyscall} and handoffp runs a safe-point function as
     * that P's transient owner.
     */
    void start() {
        M mp = new M(sched, -1);
        thread = new M.Carrier(mp, this::run, "gort-sysmon");
        mp.thread = thread;
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    long uptimeMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Wakes sysmon from a deep sleep. Any thread. Go: the sysmonwait checks in entersyscall, exitsyscall. */
    void wakeIfWaiting() {
        if (!sysmonwait) {                                   // racy fast path, as Go's atomic load
            return;
        }
        synchronized (sysmonLock) {
            if (sysmonwait) {
                sysmonwait = false;
                note.wakeup();
            }
        }
    }

    /** Wakes sysmon unconditionally (runtime exit). */
    void wake() {
        note.wakeup();
    }

    private void run() {
        long delay = MIN_DELAY_NANOS;
        int idle = 0;
        int traceMillis = sched.config.schedtrace();
        try {
            while (!sched.exiting()) {
                if (idle == 0) {
                    delay = MIN_DELAY_NANOS;
                } else if (idle > 50) {
                    delay = Math.min(delay * 2, MAX_DELAY_NANOS);
                }
                note.sleep(delay);
                note.clear();
                if (sched.exiting()) {
                    break;
                }
                long now = System.nanoTime();
                if (traceMillis > 0 && uptimeMillis() - lastTrace >= traceMillis) {
                    lastTrace = uptimeMillis();
                    SchedTrace.print(sched, lastTrace, sched.config.scheddetail());
                }
                if (traceMillis == 0 && (sched.gcwaiting || sched.npidle.get() == sched.gomaxprocs)) {
                    deepSleep();
                    idle = 0;
                    continue;
                }
                if (retake(now) != 0 | wakeIdleP()) {
                    idle = 0;
                } else {
                    idle++;
                }
            }
        } catch (FatalError e) {
            sched.exit.fatal(e);
        } catch (Throwable t) {
            sched.exit.fatal(new FatalError("sysmon: unexpected " + t, t));
        }
    }

    /** Everything is idle or stopped: sleep until a syscall, an exit from one, or start-the-world wakes us. */
    private void deepSleep() {
        synchronized (sysmonLock) {
            if (!(sched.gcwaiting || sched.npidle.get() == sched.gomaxprocs) || sched.exiting()) {
                return;
            }
            sysmonwait = true;
        }
        note.sleep(MAX_DELAY_NANOS * 100);                  // Go: until the next timer or forcegcperiod/2
        note.clear();
        synchronized (sysmonLock) {
            sysmonwait = false;
        }
    }

    /**
     * Takes back Ps blocked in system calls, and requests preemption of Gs that ran 10 ms. Returns the number of
     * Ps taken. Go: retake (1.5-1.25).
     */
    int retake(long now) {
        int n = 0;
        for (P pp : sched.allp()) {
            int s = pp.status();
            boolean sysretake = false;
            P.SysmonTick pd = pp.sysmontick;
            if (s == PStatus.RUNNING || s == PStatus.SYSCALL) {
                int t = pp.schedtick;
                if (pd.schedtick != t) {
                    pd.schedtick = t;
                    pd.schedwhen = now;
                } else if (pd.schedwhen + FORCE_PREEMPT_NANOS <= now) {
                    sched.world.preemptone(null, pp);
                    sysretake = true;
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
            if (pp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
                pp.syscalltick++;
                n++;
                sched.stats.retakes.increment();
                sched.wake.handoffp(pp);
            }
        }
        return n;
    }

    /** Work waits, a P is idle and nobody spins: wake a spinner (a safety net for lost wakeups). */
    private boolean wakeIdleP() {
        if (sched.npidle.get() == 0 || sched.nmspinning.get() != 0 || sched.gcwaiting) {
            return false;
        }
        boolean work = sched.runq.size() > 0;
        for (P pp : sched.allp()) {
            if (!work && pp.status() == PStatus.RUNNING && pp.runq.runqlen() > 0) {
                work = true;
            }
        }
        if (work) {
            wakeups.increment();
            sched.wake.wakep();
        }
        return work;
    }
}
