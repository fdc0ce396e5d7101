package io.github.gort.internal.scheduler;

import io.github.gort.diagnosis.SyscallOrder;
import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The model of golang/go#11640, over the real classes (the seed commit's interleaving, with a plain P-local
 * cache; Issue11640LincheckTest does the same with the real gcWork and workbufs).
 *
 * <p>Actors: M1 owns P1 and enters a system call ({@link Syscall#reentersyscall}); C owns P0 and runs
 * {@link SafePoint#forEachPBegin} with a function that disposes each P's cache; M2 is idle, and if C takes P1 out
 * of {@code _Psyscall} and hands it off (P1's run queue holds a G, so handoffp starts an M), M2 acquires P1, runs
 * the safe-point check of schedule, and consumes P1's cache. Every item must be consumed exactly once, by whoever
 * owned the cache at that moment.
 *
 * <p>With Go's fixed order the checker finds no failure. With the legacy order M1 runs the function after
 * publishing {@code _Psyscall}, on a P it no longer owns (the P-local owner check fails), and concurrently with
 * M2 using the same cache: the checker must find it.
 * Violations are reported through {@code @Validate} ({@link Violations}): the legacy object breaks the rule
 * even sequentially (C posts the function, then M1 enters its syscall), which Lincheck would accept as a result.
 */
public class EntersyscallSafePointModel {
    /** Not thread-safe on purpose, like gcWork: only the owner of its P may touch it. */
    static final class Cache {
        final int[] items = new int[4];
        int n;
    }

    private final ModelWorld w;
    private final PLocal<Cache> cache;
    private final AtomicIntegerArray consumed = new AtomicIntegerArray(8);
    private final Violations violations = new Violations();

    public EntersyscallSafePointModel() {
        this(SyscallOrder.FIXED);
    }

    EntersyscallSafePointModel(SyscallOrder order) {
        w = new ModelWorld(Config.defaults(), 2, 1);
        w.sched.syscall.order = order;
        cache = w.sched.plocals.define("cache", Cache::new, c -> { });
        P p1 = w.ps[1];
        p1.runq.runqput(w.newG());                         // so handoffp passes P1 to an M (brief 10.1)
        w.becomeM(w.ms[1]);                                // the constructor thread plays M1 for now
        Cache c = cache.get(p1);
        for (int item = 1; item <= 3; item++) {
            c.items[c.n++] = item;
        }
    }

    private void consume(int item) {
        if (consumed.incrementAndGet(item) != 1) {
            throw new IllegalStateException("cache item " + item + " consumed twice");
        }
    }

    private void dispose(P pp) {
        Cache c = cache.get(pp);                           // owner check (debug mode)
        for (int i = 0; i < c.n; i++) {
            consume(c.items[i]);
        }
        c.n = 0;
    }

    @Operation(runOnce = true)
    public void m1EnterSyscall() {
        violations.actor("M1", () -> {
            M m1 = w.ms[1];
            w.becomeM(m1);
            w.sched.syscall.reentersyscall(m1, m1.curg);
        });
    }

    @Operation(runOnce = true)
    public void cForEachPDispose() {
        violations.actor("C", () -> {
            M c = w.ms[0];
            w.becomeM(c);
            w.sched.safePoint.forEachPBegin(c, this::dispose);
        });
    }

    @Operation(runOnce = true)
    public void m2AcquireAndDrain() {
        violations.actor("M2", this::m2);
    }

    private void m2() {
        M m2 = w.ms[2];
        P pp = w.wake(m2);
        if (pp == null) {
            return;                                        // nothing handed over (yet): M2 stays asleep
        }
        if (pp.runSafePointFnVolatile() != 0) {
            w.sched.safePoint.runSafePointFn(m2, pp);      // the top of schedule
        }
        Cache c = cache.get(pp);
        while (c.n > 0) {
            consume(c.items[--c.n]);
        }
    }

    @Validate
    public void eachItemConsumedOnceOrStillCached() {
        violations.check();
        P p1 = w.ps[1];
        int[] cached = new int[8];
        Object[] locals = p1.locals;
        if (locals.length > 0 && locals[0] instanceof Cache c) {
            for (int i = 0; i < c.n; i++) {
                cached[c.items[i]]++;
            }
        }
        for (int item = 1; item <= 3; item++) {
            if (consumed.get(item) + cached[item] != 1) {
                throw new IllegalStateException("cache item " + item + ": consumed " + consumed.get(item)
                        + " times, cached " + cached[item] + " times");
            }
        }
    }

    /** The legacy order (Go before the seed commit), for the must-fail test. */
    public static class Legacy extends EntersyscallSafePointModel {
        public Legacy() {
            super(SyscallOrder.LEGACY_UNSAFE);
        }
    }
}
