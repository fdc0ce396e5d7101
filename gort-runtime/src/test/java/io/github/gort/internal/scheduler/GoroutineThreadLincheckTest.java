package io.github.gort.internal.scheduler;

import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the race at the heart of the virtual-thread mode ({@link GoroutineThread}): the JDK has
 * unmounted a goroutine (a LockSupport.park, a contended monitor), and two parties act on it at once. Its M,
 * back from the task, gives it up ({@code afterUnmount}: the G becomes _Gwaiting, leaves the M, and the
 * thread's state goes MOUNTED -> JDK_PARKED by CAS). The JDK's wake-up, on another thread, submits it
 * ({@code execute}: MOUNTED -> JDK_WOKEN, or JDK_PARKED -> IDLE and goready). Whichever order the checker
 * explores, the G must end RUNNABLE in exactly one run queue (the M's local one if the wake came first, the
 * global one if the waker, which owns no P, readied it), off the M, and no longer counted as an external waiter:
 * never lost, never queued twice. The real classes run, on a thread-less ModelWorld (one P, owned by M0).
 */
public class GoroutineThreadLincheckTest {
    private final ModelWorld w = new ModelWorld(Config.defaults(), 1, 0);
    private final M m0 = w.ms[0];
    private final G gp = m0.curg;
    private final GoroutineThread thread = gp.thread();
    /** Each side acts once, on whichever checker thread runs its operation first. */
    private final AtomicBoolean unmounted = new AtomicBoolean();
    private final AtomicBoolean submitted = new AtomicBoolean();

    public GoroutineThreadLincheckTest() {
        thread.mount();                               // gp is running on M0 when the JDK unmounts it
    }

    /** M0's loop, back from the task with the goroutine parked by the JDK. */
    @Operation
    public void mGivesItUp() {
        if (!unmounted.compareAndSet(false, true)) {
            return;
        }
        w.becomeM(m0);
        if (thread.afterUnmount(m0) != null) {
            throw new AssertionError("a JDK park returned an mcall function");
        }
    }

    /** The JDK's unpark on a thread that is no M (a lock released by a plain thread, a timer). */
    @Operation
    public void jdkWakesIt() {
        if (!submitted.compareAndSet(false, true)) {
            return;
        }
        M.playOnCurrentThread(null);
        thread.execute(thread.task());
    }

    @Validate
    public void readiedExactlyOnce() {
        if (!unmounted.get() || !submitted.get()) {
            return;
        }
        if (gp.statusVolatile() != GStatus.RUNNABLE) {
            throw new AssertionError("G is " + GStatus.name(gp.statusVolatile()) + " after both, want _Grunnable");
        }
        if (m0.curg != null || gp.m != null) {
            throw new AssertionError("G still on M0: m0.curg=" + m0.curg + " gp.m=" + gp.m);
        }
        int queued = 0;
        P pp = w.ps[0];
        w.becomeM(m0);                                // M0 owns P0: its run queue is read as its owner
        for (G g = pp.runq.runqget(); g != null; g = pp.runq.runqget()) {
            queued += g == gp ? 1 : 0;
        }
        w.sched.lock.lock();
        try {
            for (G g = w.sched.runq.pop(); g != null; g = w.sched.runq.pop()) {
                queued += g == gp ? 1 : 0;
            }
        } finally {
            w.sched.lock.unlock();
        }
        if (queued != 1) {
            throw new AssertionError("G is on " + queued + " run queues, want exactly 1");
        }
        if (w.sched.externalWaiters.get() != 0) {
            throw new AssertionError("externalWaiters=" + w.sched.externalWaiters.get() + " after the wake-up");
        }
    }

    @Test
    void modelCheck() {
        ModelChecks.check(ModelChecks.options(10, 1000).threads(2).actorsPerThread(2),
                GoroutineThreadLincheckTest.class, 10, 1000);
    }
}
