package io.github.gort.internal.scheduler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * The stack of a running goroutine, seen from another thread, as text (one frame a line, innermost first): for
 * diagnostics (TimeToSafePoint's holdouts). Never throws: a stack it cannot take is the string
 * {@code "stack unavailable: <why>"}.
 *
 * <h2>Why not Thread.getStackTrace</h2>
 * On a virtual thread that is not mounted, {@code Thread.getStackTrace} (JDK 25: VirtualThread.tryGetStackTrace)
 * suspends the thread and, if it was made runnable meanwhile, resubmits it to its scheduler: gort's
 * {@link GoroutineThread#execute}, a submit that gort's state machine does not expect; and while the thread is
 * between states it retries with {@code Thread.yield}. The virtual-thread mode therefore calls {@code Thread}'s own
 * {@code asyncGetStackTrace} (invokespecial, bypassing VirtualThread's override): the JVM walks the thread only
 * while it is mounted on its carrier, by a handshake, and answers null otherwise, touching no thread state. In the
 * continuation mode a running goroutine's frames are on its M's platform thread, whose stack is taken as usual;
 * the frames below the goroutine's continuation (the M loop's) are left out.
 */
final class GStack {
    /** Frames kept, innermost first. */
    static final int MAX_FRAMES = 32;

    private static final MethodHandle ASYNC_GET_STACK_TRACE;
    private static final String PROBLEM;

    static {
        MethodHandle h = null;
        String problem = null;
        try {
            MethodHandles.Lookup threads = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            h = threads.findSpecial(Thread.class, "asyncGetStackTrace",
                    MethodType.methodType(StackTraceElement[].class), Thread.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "java.lang.Thread.asyncGetStackTrace is not accessible (" + e
                    + "; gort needs --add-opens java.base/java.lang)";
        }
        ASYNC_GET_STACK_TRACE = h;
        PROBLEM = problem;
    }

    private GStack() {}

    /**
     * The stack of gp, running on mp (both racy reads of a P's owner; either may be null). Caller is any thread
     * but gp's own; it must not hold sched.lock (the JVM's handshake waits for the target thread).
     */
    static String capture(G gp, M mp) {
        if (gp == null) {
            return "stack unavailable: no goroutine was running on the P (its M was in the scheduler)";
        }
        try {
            GoroutineThread gt = gp.thread;
            if (gt != null) {
                return virtualThreadStack(gt.thread());
            }
            if (mp == null || mp.thread == null) {
                return "stack unavailable: goroutine " + gp.goid + " has no M thread";
            }
            return format(aboveContinuationEntry(mp.thread.getStackTrace()));
        } catch (Throwable t) {
            return "stack unavailable: " + t;
        }
    }

    private static String virtualThreadStack(Thread vthread) throws Throwable {
        if (ASYNC_GET_STACK_TRACE == null) {
            return "stack unavailable: " + PROBLEM;
        }
        StackTraceElement[] frames = (StackTraceElement[]) ASYNC_GET_STACK_TRACE.invokeExact(vthread);
        if (frames == null) {
            return "stack unavailable: the goroutine's virtual thread was not mounted";
        }
        return format(frames);
    }

    /**
     * The frames above the innermost continuation's entry ({@code Continuation.run}: its enter frames are hidden):
     * the goroutine's, without the M loop's below them.
     */
    private static StackTraceElement[] aboveContinuationEntry(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            if (f.getClassName().equals("jdk.internal.vm.Continuation")
                    && (f.getMethodName().equals("run") || f.getMethodName().startsWith("enter"))) {
                return Arrays.copyOf(frames, i);
            }
        }
        return frames;
    }

    /** One frame a line, at most {@link #MAX_FRAMES}. */
    private static String format(StackTraceElement[] frames) {
        if (frames.length == 0) {
            return "stack unavailable: the thread showed no frames";
        }
        StringBuilder b = new StringBuilder();
        int n = Math.min(frames.length, MAX_FRAMES);
        for (int i = 0; i < n; i++) {
            b.append(frames[i]).append('\n');
        }
        if (n < frames.length) {
            b.append("... ").append(frames.length - n).append(" more\n");
        }
        return b.toString();
    }
}
