package io.github.gort.internal.scheduler;

/** Test helper: forEachP with the raw P-taking function the runtime's own callers use. Caller is a goroutine. */
final class RawSafePoints {
    private RawSafePoints() {}

    static void forEachP(SafePointFn fn) {
        M mp = Goroutines.goroutineM("forEachP");
        mp.sched.safePoint.forEachP(mp, fn);
    }
}
