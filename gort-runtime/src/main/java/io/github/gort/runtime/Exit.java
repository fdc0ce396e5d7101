package io.github.gort.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a runtime ends: the main goroutine returns, a goroutine panics, or a fatal error (a broken invariant, or
 * Go's {@code checkdead}: every goroutine asleep). The first of these wins; the runtime then stops scheduling,
 * wakes every M so its thread ends, and {@link GoRuntime#run} returns or throws.
 * (Go: proc.go main's exit, checkdead, mexit; panic.go fatalpanic; the crash output of throw.)
 */
final class Exit {
    private final Sched sched;
    private final AtomicBoolean begun = new AtomicBoolean();
    volatile boolean exiting;
    private volatile Throwable result;
    private final CountDownLatch done = new CountDownLatch(1);

    Exit(Sched sched) {
        this.sched = sched;
    }

    void mainReturned() {
        begin(null);
    }

    void panic(long goid, Throwable cause) {
        begin(new GoPanic(goid, cause));
    }

    void fatal(FatalError e) {
        begin(e);
    }

    /**
     * Drops one count of {@code sched.externalWaiters}, after the goroutine it stood for was readied (or will not
     * be: a deleted timer). The last drop runs checkdead again: the readied goroutine may have blocked meanwhile
     * and its M gone idle while the count still held checkdead back, and no M would look again (Go's checkdead
     * sees the timers itself; here the timer thread and future completions are outside the M count). Any thread
     * not holding sched.lock.
     */
    void externalWaiterDone() {
        if (sched.externalWaiters.decrementAndGet() == 0) {
            sched.lock.lock();
            try {
                checkdead();
            } finally {
                sched.lock.unlock();
            }
        }
    }

    /** The first outcome wins; later ones (a panic racing main's return) are dropped, as Go exits at once. */
    private void begin(Throwable outcome) {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        result = outcome;
        exiting = true;
        for (M mp : sched.allm) {
            mp.park.wakeup();
        }
        sched.stopnote.wakeup();
        sched.safePointNote.wakeup();
        sched.sysmon.wake();
        sched.timers.stop();
        sched.world.preemptall(null);
        done.countDown();
    }

    Throwable result() {
        return result;
    }

    void await() throws InterruptedException {
        done.await();
    }

    /**
     * An M thread ends: a P it still owns goes to {@code _Pgcstop} (nobody's), like a final stop-the-world, so
     * the quiescent state stays consistent for SchedInvariants. Go: mexit.
     */
    void mexit(M mp) {
        P pp = mp.p;
        if (pp != null && pp.m == mp && pp.status() == PStatus.RUNNING) {
            sched.wake.releasep(mp);
            sched.lock.lock();
            try {
                pp.setStatus(PStatus.GCSTOP);
            } finally {
                sched.lock.unlock();
            }
        }
        if (mp.spinning) {
            mp.spinning = false;
            sched.nmspinning.decrementAndGet();
        }
    }

    /**
     * Fatal "all goroutines are asleep - deadlock!" when no M runs and no goroutine can be woken: none is in a
     * system call, none waits on a timer or on a Java future. Caller holds sched.lock. Go: checkdead.
     */
    void checkdead() {
        sched.lock.assertHeld("checkdead");
        if (exiting) {
            return;
        }
        int run = sched.mcount() - sched.nmidle - sched.nmidlelocked;
        if (run > 0) {
            return;
        }
        if (run < 0) {
            throw new FatalError("checkdead: inconsistent counts: mcount=" + sched.mcount() + " nmidle="
                    + sched.nmidle + " nmidlelocked=" + sched.nmidlelocked);
        }
        if (sched.externalWaiters.get() > 0) {
            return;                                  // something outside the scheduler will wake a goroutine
        }
        int waiting = 0;
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.status();
            if (s == GStatus.WAITING) {
                waiting++;
            } else if (s == GStatus.RUNNABLE || s == GStatus.RUNNING || s == GStatus.SYSCALL) {
                // Seen racily while an M is being woken for it; not a deadlock.
                return;
            }
        }
        if (waiting == 0) {
            fatal(new FatalError("no goroutines (main called runtime.Goexit) - deadlock!"));
        } else {
            fatal(new FatalError("all goroutines are asleep - deadlock!"));
        }
    }
}
