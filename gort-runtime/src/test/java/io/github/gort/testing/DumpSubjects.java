package io.github.gort.testing;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;

/**
 * Frames for the dump tests of gort's internal packages: a dump leaves out the runtime's frames on top of a stack,
 * and a test class in {@code io.github.gort.internal.*} counts as one; these calls, in a package that is not the
 * runtime's, are the frames the tests look for.
 */
public final class DumpSubjects {
    private DumpSubjects() {}

    /** Parks the calling goroutine in a receive from c. */
    public static void blockedReceiver(Chan<Integer> c) {
        c.recv();
    }

    /** {@link Go#stack()}, called from here. */
    public static String stack() {
        return Go.stack();
    }

    /** {@link Go#stackAll()}, called from here. */
    public static String stackAll() {
        return Go.stackAll();
    }
}
