package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A typed per-P cache slot (the mechanism behind Go's {@code p.gcw}, {@code p.mcache}, {@code p.wbBuf}): each P
 * has its own T, and only the thread that owns the P at that moment may touch it (Go: a non-nil m.p implies exclusive
 * ownership, runtime2.go).
 *
 * <p>The owner is {@code P.m}, the one record of who owns a P: the M that acquired it ({@code acquirep}), the
 * world-stopper that procresize gives a P, or a transient owner running code on the P's behalf through
 * {@link #runAsOwner} (the forEachP caller for idle Ps, handoffp for a P it was given, procresize destroying a
 * P; sysmon is an M for this, as in Go). The record is cleared when the P is released, and in
 * {@code reentersyscall} BEFORE {@code _Psyscall} is published: after that store the M owns nothing P-local
 * (Go clears {@code p.m} there, and Go 1.5 also {@code m.mcache}). In debug mode every {@link #get} checks it.
 *
 * <p>There used to be a second record (the owner thread) beside {@code P.m}; procresize set one and not the other
 * when it gave the world-stopper P0, and the stopper's next forEachP ran {@code fn} on its own P as a
 * "non-owner" (ProcresizeTest). One record cannot disagree with itself.
 *
 * <pre>
 * field            writer                                   mode
 * P.locals[slot]   the P's current owner (lazily created)   plain: ownership hand-offs are synchronised
 * P.m              see P; runAsOwner sets and restores it   plain, written by the owner itself
 * </pre>
 */
public final class PLocal<T> {
    private final String name;
    private final int slot;
    private final Supplier<T> factory;
    private final Consumer<T> onDestroy;

    private PLocal(String name, int slot, Supplier<T> factory, Consumer<T> onDestroy) {
        this.name = name;
        this.slot = slot;
        this.factory = factory;
        this.onDestroy = onDestroy;
    }

    /** This P's T, created on first use. Caller owns pp (checked in debug mode). */
    @SuppressWarnings("unchecked")
    public T get(P pp) {
        if (Debug.CHECKS) {
            checkOwner(pp);
        }
        Object[] locals = pp.locals;
        if (slot >= locals.length) {
            locals = java.util.Arrays.copyOf(locals, slot + 1);
            pp.locals = locals;
        }
        Object v = locals[slot];
        if (v == null) {
            v = factory.get();
            locals[slot] = v;
        }
        return (T) v;
    }

    private void checkOwner(P pp) {
        M self = M.current();
        M owner = pp.m;
        if (self == null || owner != self) {
            throw new FatalError("PLocal.get: " + name + " of P" + pp.id + " used by "
                    + (self == null ? M.currentThread().getName() + " (not an M)" : self + " (" + self.threadName() + ")")
                    + ", which does not own the P (owner: " + (owner == null ? "none" : owner + " (" + owner.threadName() + ")")
                    + ", status " + PStatus.name(pp.statusVolatile()) + ")");
        }
    }

    public String name() {
        return name;
    }

    /**
     * Runs action with the current thread recorded as pp's transient owner. Caller has exclusive ownership of pp
     * by one of Go's routes (holds sched.lock for an idle P, won a CAS out of SYSCALL, stopped the world).
     */
    public static void runAsOwner(P pp, SafePointFn action) {
        M self = M.current();
        if (self == null) {
            throw new FatalError("PLocal.runAsOwner: P" + pp.id + " claimed by " + M.currentThread().getName()
                    + ", which is not an M");
        }
        M previous = pp.m;
        pp.m = self;
        try {
            action.run(pp);
        } finally {
            pp.m = previous;
        }
    }

    /** Runs every slot's destroy hook for a P that procresize removes. World stopped. */
    static void destroyAll(P pp) {
        Registry registry = pp.registry;
        if (registry == null) {
            return;
        }
        runAsOwner(pp, p -> {
            for (PLocal<?> key : registry.keys()) {
                key.destroy(p);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void destroy(P pp) {
        if (slot < pp.locals.length && pp.locals[slot] != null) {
            onDestroy.accept((T) pp.locals[slot]);
            pp.locals[slot] = null;
        }
    }

    /** The slots one runtime defines (no static state: each runtime has its own registry). */
    public static final class Registry {
        private final List<PLocal<?>> keys = new ArrayList<>();

        /**
         * Defines a per-P slot. {@code onDestroy} flushes a P's value when the P is destroyed (for example, a
         * gcWork disposes its buffers). Define slots before the runtime starts.
         */
        public synchronized <T> PLocal<T> define(String name, Supplier<T> factory, Consumer<T> onDestroy) {
            PLocal<T> key = new PLocal<>(name, keys.size(), factory, onDestroy);
            keys.add(key);
            return key;
        }

        synchronized List<PLocal<?>> keys() {
            return List.copyOf(keys);
        }
    }
}
