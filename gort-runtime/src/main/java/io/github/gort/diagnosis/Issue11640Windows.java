package io.github.gort.diagnosis;

import io.github.gort.heap.Heap;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.PStatus;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.GoRuntime;

/**
 * Widens the two windows of golang/go#11640 for {@code gort repro 11640} (the end-to-end reproduction of the seed
 * commit), using
 * the pause points {@code syscall.afterPublish} and {@code gcw.dispose.afterPush}. Both are installed in both
 * orders; both spin, bounded, and only on an M that is inside a system call with a safe-point function still
 * pending, which is the legacy path: with the fixed order the function runs before the M enters its system call,
 * so the spins (almost) never happen and the same workload runs at full speed. A fixed order broken by a change
 * (the function moved after the store) meets the same windows, and the repro catches it.
 *
 * <ol>
 * <li>After publishing {@code _Psyscall} (legacy path) with a safe-point function pending, the M spins until another
 * actor has taken its P (sysmon's
 *     retake or the forEachP caller's CAS), at most {@link #MAX_SPIN_NANOS}: so the P is handed off (a goroutine
 *     waits in its run queue) before the M runs the pending safe-point function on it.
 * <li>Inside gcWork.dispose, after pushing wbuf1 to a list and before clearing the field, the M spins until the
 *     P's new owner has had time to use the gcWork, at most {@link #MAX_SPIN_NANOS}.
 * </ol>
 * The spins only make a rare interleaving common; they do not cause it: with the fixed order no M ever disposes a
 * P it has published.
 */
public final class Issue11640Windows {
    /** The longest a window is held open. */
    public static final long MAX_SPIN_NANOS = 5_000_000;
    /** How long the disposer keeps the window open once another M owns the P. */
    private static final long AFTER_HANDOFF_NANOS = 3_000_000;

    private Issue11640Windows() {}

    /** Installs both pause points on rt (before it runs) and its heap. */
    public static void install(GoRuntime rt, Heap heap) {
        Sched sched = RuntimeAccess.sched(rt);
        sched.syscall.afterPublishHook = Issue11640Windows::afterPublish;
        RuntimeAccess.heap(heap).setDisposeAfterPushHook(Issue11640Windows::afterPush);
    }

    private static void afterPublish() {
        M mp = M.current();
        P pp = mp == null ? null : mp.oldp;
        if (pp == null || pp.runSafePointFnVolatile() == 0) {
            return;                                          // no safe-point function pending: no window
        }
        long deadline = System.nanoTime() + MAX_SPIN_NANOS;
        while (pp.statusVolatile() == PStatus.SYSCALL && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void afterPush() {
        M mp = M.current();
        if (mp == null || !mp.insyscall || mp.oldp == null) {
            return;                                          // the owner disposing at a safe point: no window
        }
        P pp = mp.oldp;
        long start = System.nanoTime();
        long handedAt = 0;
        while (true) {
            long now = System.nanoTime();
            if (now - start > MAX_SPIN_NANOS || mp.sched.exiting()) {
                return;
            }
            M owner = pp.m;
            if (owner != null && owner != mp) {
                if (handedAt == 0) {
                    handedAt = now;
                } else if (now - handedAt > AFTER_HANDOFF_NANOS) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }
}
