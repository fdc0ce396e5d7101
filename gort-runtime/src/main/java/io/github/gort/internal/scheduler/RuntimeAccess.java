package io.github.gort.internal.scheduler;

import io.github.gort.heap.Heap;
import io.github.gort.internal.chan.HChan;
import io.github.gort.internal.collector.GcHeap;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.GoRuntime;
import java.util.Objects;
import java.util.function.Function;

/**
 * How gort's own packages reach the state behind an API object: the {@link Sched} of a {@link GoRuntime}, the
 * {@link GcHeap} of a {@link Heap} and the {@link HChan} of a {@link Chan} (the JDK's SharedSecrets pattern). Each API
 * class registers its accessor in its
 * static initializer, so an accessor exists whenever an instance does. This package is not exported: on the
 * module path only gort's packages can call it.
 */
public final class RuntimeAccess {
    private static volatile Function<GoRuntime, Sched> schedOf;
    private static volatile Function<Heap, GcHeap> heapOf;
    private static volatile Function<Chan<?>, HChan> hchanOf;

    private RuntimeAccess() {}

    /** Called once, by GoRuntime's static initializer. */
    public static synchronized void registerRuntime(Function<GoRuntime, Sched> accessor) {
        if (schedOf != null) {
            throw new IllegalStateException("RuntimeAccess.registerRuntime: already registered");
        }
        schedOf = accessor;
    }

    /** Called once, by Heap's static initializer. */
    public static synchronized void registerHeap(Function<Heap, GcHeap> accessor) {
        if (heapOf != null) {
            throw new IllegalStateException("RuntimeAccess.registerHeap: already registered");
        }
        heapOf = accessor;
    }

    /** Called once, by Chan's static initializer. */
    public static synchronized void registerChan(Function<Chan<?>, HChan> accessor) {
        if (hchanOf != null) {
            throw new IllegalStateException("RuntimeAccess.registerChan: already registered");
        }
        hchanOf = accessor;
    }

    /** The scheduler state of rt. */
    public static Sched sched(GoRuntime rt) {
        return schedOf.apply(Objects.requireNonNull(rt, "rt"));
    }

    /** The heap state behind heap. */
    public static GcHeap heap(Heap heap) {
        return heapOf.apply(Objects.requireNonNull(heap, "heap"));
    }

    /** The runtime channel behind c (null for a nil channel). */
    public static HChan hchan(Chan<?> c) {
        return hchanOf.apply(Objects.requireNonNull(c, "c"));
    }
}
