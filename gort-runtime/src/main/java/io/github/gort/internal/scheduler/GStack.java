package io.github.gort.internal.scheduler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import jdk.internal.vm.Continuation;

/**
 * The stack of a goroutine, seen from another thread: of a running one as text (one frame a line, innermost
 * first), for diagnostics (TimeToSafePoint's holdouts), or as frames for the goroutine dump ({@link #frames}),
 * running or not. Never throws: a stack it cannot take is the string {@code "stack unavailable: <why>"}, or null.
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
 *
 * <h2>A goroutine that is not running</h2>
 * Its frames are in its continuation: the raw one (continuation mode) or the one under its virtual thread
 * ({@code VirtualThread.cont}), walked by {@code Continuation.getStackTrace}. That walk marks the continuation
 * mounted for its length, and an M that tried to run it meanwhile would fail ({@code Continuation.run}'s mount
 * check); so it is taken only while no M can run the goroutine: the world stopped, or the runtime's Ms gone. It
 * bypasses VirtualThread's own getStackTrace on purpose (see above).
 */
final class GStack {
    /** Frames kept, innermost first. */
    static final int MAX_FRAMES = 32;

    private static final MethodHandle ASYNC_GET_STACK_TRACE;
    /** VirtualThread.cont: the continuation under a goroutine's virtual thread. */
    private static final VarHandle VTHREAD_CONT;
    private static final String PROBLEM;

    static {
        MethodHandle h = null;
        VarHandle cont = null;
        String problem = null;
        try {
            MethodHandles.Lookup threads = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            h = threads.findSpecial(Thread.class, "asyncGetStackTrace",
                    MethodType.methodType(StackTraceElement[].class), Thread.class);
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            cont = MethodHandles.privateLookupIn(vt, MethodHandles.lookup()).findVarHandle(vt, "cont",
                    Continuation.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "java.lang.Thread.asyncGetStackTrace or VirtualThread.cont is not accessible (" + e
                    + "; gort needs --add-opens java.base/java.lang)";
        }
        ASYNC_GET_STACK_TRACE = h;
        VTHREAD_CONT = cont;
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

    /**
     * The frames of gp for the goroutine dump, innermost first, runtime frames included: a running goroutine's
     * (status running or syscall, on M mp) as {@link #capture} takes them, any other's from its continuation.
     * Null when they cannot be taken ({@code why} says why in its first element); empty when gp has no stack yet
     * (made, never run). Caller is not gp; if gp is not running, no M can run it (the world is stopped, or the
     * runtime's Ms have ended: see "A goroutine that is not running").
     */
    static StackTraceElement[] frames(G gp, M mp, int status, String[] why) {
        try {
            if (status == GStatus.RUNNING || status == GStatus.SYSCALL) {
                GoroutineThread gt = gp.thread;
                if (gt != null) {
                    if (ASYNC_GET_STACK_TRACE == null) {
                        why[0] = PROBLEM;
                        return null;
                    }
                    StackTraceElement[] f = (StackTraceElement[]) ASYNC_GET_STACK_TRACE.invokeExact(gt.thread());
                    if (f == null) {
                        why[0] = "its virtual thread was not mounted when looked at";
                    }
                    return f;
                }
                if (mp == null || mp.thread == null) {
                    why[0] = "it has no M thread";
                    return null;
                }
                return aboveContinuationEntry(mp.thread.getStackTrace());
            }
            Continuation c = gp.cont;
            GoroutineThread gt = gp.thread;
            if (gt != null) {
                if (VTHREAD_CONT == null) {
                    why[0] = PROBLEM;
                    return null;
                }
                c = (Continuation) VTHREAD_CONT.get(gt.thread());
            }
            return c == null ? new StackTraceElement[0] : c.getStackTrace();
        } catch (Throwable t) {                      // IllegalStateException: mounted meanwhile
            why[0] = t.toString();
            return null;
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
