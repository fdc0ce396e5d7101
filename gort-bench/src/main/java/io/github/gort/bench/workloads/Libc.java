package io.github.gort.bench.workloads;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The real system calls the syscall workloads make, through the FFM API, as the Go peers make them directly. */
@SuppressWarnings("restricted")   // FFM downcalls are the point; the harness passes --enable-native-access
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETPPID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getppid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle NANOSLEEP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("nanosleep").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private Libc() {}

    /** getppid(2): the cheapest real system call, as go/syscallfast uses. */
    static int getppid() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getppid through FFM failed", t);
        }
    }

    /** nanosleep(2) for the {@code struct timespec} in {@code ts}; blocks the calling thread. */
    static void nanosleep(MemorySegment ts) {
        int rc;
        try {
            rc = (int) NANOSLEEP.invokeExact(ts, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("nanosleep through FFM failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("nanosleep returned " + rc);
        }
    }
}
