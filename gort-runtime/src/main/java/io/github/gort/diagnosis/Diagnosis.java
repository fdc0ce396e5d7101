package io.github.gort.diagnosis;

import io.github.gort.heap.Heap;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.SchedInvariants;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The diagnosis-only switches of gort, for {@code gort repro} and gort's own tests: the legacy syscall order of
 * golang/go#11640, dispose logs, the scheduler invariant check, and raw {@code forEachP} and stop-the-world.
 * None of them belongs in a program: the package is exported to gort's CLI only.
 */
public final class Diagnosis {
    private Diagnosis() {}

    /**
     * Sets where rt's entersyscall runs a pending safe-point function. {@link SyscallOrder#LEGACY_UNSAFE}
     * reproduces golang/go#11640. Call before {@code rt.run}.
     */
    public static void syscallOrder(GoRuntime rt, SyscallOrder order) {
        RuntimeAccess.sched(rt).syscall.order = Objects.requireNonNull(order, "order");
    }

    /** Keeps, for every disposed workbuf of heap, who disposed it for which P (golang/go#11640 reports). */
    public static DisposeLog recordDisposals(Heap heap) {
        DisposeLog log = new DisposeLog();
        RuntimeAccess.heap(heap).disposeLog = log;
        return log;
    }

    /**
     * Checks rt's scheduler invariants (every G in exactly one place, every P's owner consistent, idle counts).
     * Call it after {@code rt.run} returned.
     *
     * @throws FatalError naming the first violation
     */
    public static void checkInvariants(GoRuntime rt) {
        SchedInvariants.check(RuntimeAccess.sched(rt));
    }

    /**
     * Runs fn(P's id) once on every P, each time as that P's owner, and returns when all have run it. fn must not
     * block, yield or start goroutines. Caller is a goroutine. Go: forEachP.
     */
    public static void forEachP(IntConsumer fn) {
        Objects.requireNonNull(fn, "fn");
        M mp = Goroutines.goroutineM("Diagnosis.forEachP");
        mp.sched.safePoint.forEachP(mp, pp -> fn.accept(pp.id));
    }

    /** Stops every other P; until {@link #startTheWorld}, only the calling goroutine runs. Go: stopTheWorld. */
    public static void stopTheWorld(String reason) {
        M mp = Goroutines.goroutineM("Diagnosis.stopTheWorld");
        mp.sched.world.stopTheWorld(mp, reason);
    }

    /** Restarts the world stopped by the calling goroutine. Go: startTheWorld. */
    public static void startTheWorld() {
        M mp = Goroutines.goroutineM("Diagnosis.startTheWorld");
        Sched sched = mp.sched;
        if (!sched.gcwaiting) {
            throw new IllegalStateException("Diagnosis.startTheWorld: the world is not stopped");
        }
        sched.world.startTheWorld(mp);
    }

    /** The first {@link WorkbufListViolation} in t's cause chain, or null. */
    public static WorkbufListViolation workbufViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WorkbufListViolation v) {
                return v;
            }
        }
        return null;
    }
}
