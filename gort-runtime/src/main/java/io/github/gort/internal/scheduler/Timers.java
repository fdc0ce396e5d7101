package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.util.Arrays;

/**
 * The runtime's timers: one min-heap ordered by deadline, served by one dedicated platform thread,
 * {@code gort-timers}, that sleeps until the earliest deadline and runs each due timer's function
 * (Go ≤ 1.13: time.go's timersBucket and timerproc; Go 1.14+ keeps a heap per P checked by the scheduler).
 *
 * <p>Why one heap and a thread rather than per-P heaps: the scheduler's idle path (findRunnable, stopm) would
 * have to compute the next deadline and sleep with a timeout, which means changing MLoop/Handoff; a timer thread
 * needs none of that, since timer functions only ever ready goroutines (goready from a thread without a P puts them
 * on the global queue and wakes an idle P) or do non-blocking channel sends. The costs are one more thread and a
 * global lock on timer start/stop, which is fine at the rates Go programs use timers; per-P heaps are the upgrade
 * path if timer-heavy workloads show contention.
 *
 * <pre>
 * field                 writer                         others                      mode
 * heap, n, t.i, t.when  holder of lock                 -                           under lock
 * sleeping, sleepUntil  timer thread under lock;       -                           under lock
 *                       an adder clears sleeping
 * thread                first addtimer, under lock     GoRuntime joins it          volatile
 * stopped               stop (Exit.begin), under lock  timer thread, addtimer      under lock
 * note                  wakeup: an adder or stop,      -                           (Note)
 *                       under lock; sleep, clear:
 *                       the timer thread
 * </pre>
 * Invariants:
 * <ol>
 * <li>I1 t.i is t's heap index, or -1 when t is not pending; the heap property holds on every unlock.
 * <li>I2 {@code sched.externalWaiters} counts pending timers plus timers whose function is running: it is
 *     incremented when a timer is added, and decremented when it is deleted or after its function ran (a periodic
 *     timer stays counted). So checkdead never declares a deadlock while a timer can still ready a goroutine,
 *     and a readied goroutine is RUNNABLE before the count drops. The drop that reaches zero runs checkdead again
 *     (Exit.externalWaiterDone): the readied goroutine may have blocked and its M gone idle in between.
 * <li>I3 no timer function runs under the lock; they must not block.
 * <li>I4 the timer thread checks {@code stopped} and clears its note in one locked section, and {@link #stop}
 *     sets {@code stopped} and wakes the note under the same lock: either the thread sees {@code stopped}, or the
 *     wake-up comes after the clear and ends its sleep. (Setting {@code stopped} and waking without the lock lost
 *     the wake-up when it fell between the thread's check and its clear: the thread then slept for ever.)
 * </ol>
 * Lock order: no other lock is taken under this one (the count's last drop takes sched.lock after the unlock);
 * this lock is not reentrant, and stop is never called with it held.
 */
public final class Timers {
    /** What a due timer does; runs on the timer thread and must not block (goready, non-blocking send). */
    @FunctionalInterface
    public interface TimerFn {
        void fire(Object arg);
    }

    /** A runtime timer (Go: runtime2.go / time.go {@code timer}). Fields under {@link Timers#lock}. */
    public static final class RTimer {
        public long when;
        public long period;
        final TimerFn f;
        final Object arg;
        int i = -1;

        public RTimer(TimerFn f, Object arg) {
            this.f = f;
            this.arg = arg;
        }
    }

    private final Sched sched;
    private final RuntimeLock lock = new RuntimeLock();
    private RTimer[] heap = new RTimer[16];
    private int n;
    private final Note note = new Note();
    private boolean sleeping;
    private long sleepUntil;
    private volatile Thread thread;
    private boolean stopped;

    Timers(Sched sched) {
        this.sched = sched;
    }

    /** Schedules t to fire at t.when (then every t.period ns if positive). t is not pending. Any thread. Go: addtimer. */
    public void addtimer(RTimer t) {
        lock.lock();
        try {
            if (t.i >= 0) {
                throw new FatalError("addtimer: timer already pending");
            }
            sched.externalWaiters.incrementAndGet();
            if (n == heap.length) {
                heap = Arrays.copyOf(heap, n * 2);
            }
            t.i = n;
            heap[n++] = t;
            siftup(t.i);
            if (thread == null && !stopped) {
                Thread th = new Thread(null, this::timerproc, "gort-timers", 0, false);
                th.setDaemon(true);
                th.setUncaughtExceptionHandler(sched.exit::uncaught);
                thread = th;
                th.start();
            } else if (sleeping && t.i == 0 && t.when - sleepUntil < 0) {
                sleeping = false;
                note.wakeup();                              // the new earliest deadline
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes t if pending; true if it was (it will not fire). Any thread. Go: deltimer. */
    public boolean deltimer(RTimer t) {
        lock.lock();
        try {
            if (t.i < 0) {
                return false;
            }
            removeAt(t.i);
        } finally {
            lock.unlock();
        }
        sched.exit.externalWaiterDone();                    // I2; after the unlock (lock order)
        return true;
    }

    /** Re-arms t for when/period; true if it was pending. Any thread. Go: modtimer (as deltimer + addtimer). */
    public boolean modtimer(RTimer t, long when, long period) {
        boolean pending = deltimer(t);
        t.when = when;
        t.period = period;
        addtimer(t);
        return pending;
    }

    /** Stops the timer thread; pending timers never fire. Any thread not holding this lock (Exit.begin). I4. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            note.wakeup();
        } finally {
            lock.unlock();
        }
    }

    /** The timer thread, or null if no timer was ever added. */
    public Thread thread() {
        return thread;
    }

    /** The timer thread's body: any throwable that escapes the loop is fatal (see Exit, "Nothing ends silently"). */
    private void timerproc() {
        try {
            runTimers();
        } catch (Throwable t) {
            sched.exit.unexpected("gort-timers", t);
        }
    }

    /** The timer thread's loop: sleep until the earliest deadline, run what is due. Go: time.go timerproc. */
    private void runTimers() {
        while (true) {
            lock.lock();
            if (stopped) {                                  // I4: checked under the lock, before the clear
                lock.unlock();
                return;
            }
            sleeping = false;
            long now = System.nanoTime();
            RTimer t = n > 0 ? heap[0] : null;
            if (t == null || t.when - now > 0) {
                note.clear();                               // under the lock: no adder's or stop's wakeup is lost
                sleeping = true;
                sleepUntil = t == null ? now + Long.MAX_VALUE / 2 : t.when;
                lock.unlock();
                if (t == null) {
                    note.sleep();
                } else {
                    note.sleep(t.when - now);
                }
                continue;
            }
            boolean periodic = t.period > 0;
            if (periodic) {
                t.when += t.period * (1 + (now - t.when) / t.period);   // skip missed ticks
                siftdown(0);
            } else {
                removeAt(0);
            }
            lock.unlock();
            try {
                t.f.fire(t.arg);
            } catch (Throwable e) {
                sched.exit.fatal(new FatalError("timerproc: timer function failed: " + e, e));
            }
            if (!periodic) {
                sched.exit.externalWaiterDone();            // I2: after the goroutine was readied
            }
        }
    }

    private void removeAt(int i) {
        RTimer t = heap[i];
        int last = --n;
        if (i != last) {
            heap[i] = heap[last];
            heap[i].i = i;
        }
        heap[last] = null;
        t.i = -1;
        if (i != last) {
            RTimer moved = heap[i];
            siftup(i);
            siftdown(moved.i);
        }
    }

    private void siftup(int i) {
        RTimer t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].when - t.when <= 0) {
                break;
            }
            heap[i] = heap[p];
            heap[i].i = i;
            i = p;
        }
        heap[i] = t;
        t.i = i;
    }

    private void siftdown(int i) {
        RTimer t = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && heap[c + 1].when - heap[c].when < 0) {
                c++;
            }
            if (t.when - heap[c].when <= 0) {
                break;
            }
            heap[i] = heap[c];
            heap[i].i = i;
            i = c;
        }
        heap[i] = t;
        t.i = i;
    }
}
