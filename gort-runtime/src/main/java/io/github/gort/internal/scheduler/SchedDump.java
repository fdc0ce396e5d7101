package io.github.gort.internal.scheduler;

import io.github.gort.runtime.Traceback;
import java.util.ArrayList;
import java.util.List;

/**
 * Goroutine dumps in Go 1.19's format (Go: traceback.go goroutineheader, traceback1, printcreatedby,
 * tracebackothers): for each goroutine a header, its stack two lines a frame, and where it was created,
 * goroutines separated by a blank line:
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * com.example.Main.worker(...)
 * 	Main.java:21
 * com.example.Main.lambda$main$0(...)
 * 	Main.java:12
 * created by com.example.Main.main
 * 	Main.java:12
 * </pre>
 *
 * <h2>What the parts are</h2>
 * <ul>
 * <li>The header's state is the wait reason of a _Gwaiting goroutine (Go's strings: {@code chan receive},
 *     {@code select}, {@code semacquire}, {@code sleep}, ...), else {@code runnable}, {@code running} or
 *     {@code syscall}; {@code , N minutes} follows when it has waited a minute or more ({@code G.waitsince}), as
 *     Go prints it.</li>
 * <li>The stack is the goroutine's Java stack, innermost first, cut below at gort's entry frame ({@code G.enter}:
 *     the continuation and scheduler frames under it are not the goroutine's) and, unless the level is
 *     {@link Traceback#SYSTEM}, with the runtime's frames on top left out (parking, the continuation's yield, the
 *     API call that parked), as Go hides runtime.gopark and runtime.chanrecv1. Java has no argument values to
 *     show, so every frame prints {@code (...)}, Go's mark for elided arguments; the location is the file and
 *     line (Java records no directory).</li>
 * <li>{@code created by}: Go records the pc of each go statement. Recording a Java frame on every
 *     {@code Go.go} would cost more than the goroutine (a stack walk is about 1-3 µs; a spawn 0.1-0.5 µs), so
 *     gort finds the creator from the goroutine's own stack: its entry frame is the body of the lambda given to
 *     {@code Go.go}, {@code C.lambda$m$N}, which javac names after the method m that wrote it, so the creator is
 *     {@code C.m} at that frame's line (the go statement's line when the lambda is written on it). A goroutine
 *     started from a method reference or a Runnable class has no such frame: it prints
 *     {@code created by goroutine N}, the creator's id (Go 1.21's "in goroutine N").</li>
 * </ul>
 *
 * <h2>Taking a dump consistently</h2>
 * A goroutine that is not running has its frames in its continuation, which may be walked only while no M can run
 * it (GStack). So a dump is taken either with the world stopped by the goroutine that asks for it (Go.stackAll,
 * the management bean's dump goroutine), or after the runtime's Ms have ended (the dumps after a fatal error or a
 * panic). Either way it reads one snapshot of allgs. A goroutine running meanwhile (only in a system call, with
 * the world stopped) is walked on its thread. This class holds no state.
 */
public final class SchedDump {
    /** Frames printed per goroutine, as Go's traceback prints at most 100 and then elides the rest. */
    static final int MAX_FRAMES = 100;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final String ENTRY_CLASS = G.class.getName();
    /**
     * The API classes whose calls enter the scheduler (Go's runtime functions: chanrecv1, selectgo, timeSleep).
     * Spelled out rather than built with a stream: this class is first initialized after a fatal error, maybe an
     * OutOfMemoryError, and a JDK class whose initialization failed on another thread then (java.util.stream's
     * StreamOpFlag, seen in CI) would make this class fail too.
     */
    private static final java.util.Set<String> API_ENTRIES = java.util.Set.of("io.github.gort.runtime.Chan",
            "io.github.gort.runtime.Select", "io.github.gort.runtime.Time", "io.github.gort.runtime.Timer",
            "io.github.gort.runtime.Ticker", "io.github.gort.runtime.Go", "io.github.gort.runtime.Futures",
            "io.github.gort.runtime.GoRuntime");

    private SchedDump() {}

    /**
     * Every goroutine, the caller's first ({@code [running]}, from selfFrames, which the caller took), the others
     * walked with the world stopped. Caller runs a goroutine on mp, and mp is stale afterwards. Go:
     * runtime.Stack(buf, true).
     */
    public static String all(M mp, StackTraceElement[] selfFrames) {
        G self = mp.curg;
        Traceback level = mp.sched.config.traceback();
        return running(self, selfFrames, level) + othersWorldStopped(mp);
    }

    /**
     * Every goroutine but the caller's, walked with the world stopped by the caller; the first block too is
     * preceded by a blank line. Caller runs a goroutine on mp, and mp is stale afterwards.
     */
    public static String othersWorldStopped(M mp) {
        G self = mp.curg;
        Sched sched = mp.sched;
        mp = sched.world.stopTheWorld(mp, "goroutine dump");
        try {
            return others(sched, self.goid, sched.config.traceback());
        } finally {
            sched.world.startTheWorld(mp);
        }
    }

    /**
     * Every goroutine but skipGoid's, as Go's tracebackothers prints them: each block preceded by a blank
     * line. Caller has stopped the world, or the runtime's Ms have ended (see "Taking a dump consistently").
     */
    public static String others(Sched sched, long skipGoid, Traceback level) {
        StringBuilder b = new StringBuilder();
        long now = System.nanoTime();
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.statusVolatile();
            if (s == GStatus.DEAD || s == GStatus.IDLE || gp.goid == skipGoid) {
                continue;
            }
            b.append('\n');
            goroutine(b, gp, s, now, level);
        }
        return b.toString();
    }

    /**
     * The block of the calling goroutine, {@code goroutine N [running]:}, with its stack from frames (taken by the
     * caller, innermost first: its own frames on top are dropped as runtime frames). Go: runtime.Stack's first
     * goroutine.
     */
    public static String running(G self, StackTraceElement[] frames, Traceback level) {
        StringBuilder b = new StringBuilder();
        b.append("goroutine ").append(self.goid).append(" [running]:\n");
        stack(b, frames, level);
        createdBy(b, self.parentGoid, frames);
        return b.toString();
    }

    /**
     * The block of goroutine goid that panicked, from the frames of the exception that escaped it (its G is
     * gone by the time the panic is printed). Go: dopanic_m's traceback of the panicking goroutine.
     */
    public static String panicking(long goid, StackTraceElement[] frames, Traceback level) {
        StringBuilder b = new StringBuilder();
        b.append("goroutine ").append(goid).append(" [running]:\n");
        stack(b, frames, level);
        if (goid != 1) {
            createdBy(b, -1, frames);                // its creator's id went with its G
        }
        return b.toString();
    }

    /** One goroutine's block. gp is not the caller. */
    static void goroutine(StringBuilder b, G gp, int status, long now, Traceback level) {
        b.append(header(gp.goid, status, gp.waitreason, gp.waitsince, now)).append('\n');
        String[] why = new String[1];
        StackTraceElement[] frames = GStack.frames(gp, gp.m, status, why);
        if (frames == null) {
            b.append("\t(stack unavailable: ").append(why[0]).append(")\n");
            frames = new StackTraceElement[0];
        } else {
            stack(b, frames, level);
        }
        createdBy(b, gp.parentGoid, frames);
    }

    /**
     * {@code goroutine N [state]:} or {@code goroutine N [state, M minutes]:}. The minutes are those of a
     * _Gwaiting goroutine that parked at waitsince ({@code System.nanoTime()}), printed from one minute on.
     * Go: goroutineheader.
     */
    static String header(long goid, int status, String waitreason, long waitsince, long now) {
        StringBuilder b = new StringBuilder("goroutine ").append(goid).append(" [");
        if (status == GStatus.WAITING) {
            b.append(waitreason.isEmpty() ? "waiting" : waitreason);
            long minutes = (now - waitsince) / MINUTE_NANOS;
            if (minutes >= 1) {
                b.append(", ").append(minutes).append(" minutes");
            }
        } else {
            b.append(GStatus.traceName(status));
        }
        return b.append("]:").toString();
    }

    /** The frames of one goroutine, cut and trimmed as the class comment says, two lines each. */
    static void stack(StringBuilder b, StackTraceElement[] frames, Traceback level) {
        List<StackTraceElement> shown = goroutineFrames(frames, level);
        int n = Math.min(shown.size(), MAX_FRAMES);
        for (int i = 0; i < n; i++) {
            StackTraceElement f = shown.get(i);
            b.append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n\t")
                    .append(location(f)).append('\n');
        }
        if (n < shown.size()) {
            b.append("...additional frames elided...\n");
        }
    }

    /** The goroutine's own frames: above its entry, without the runtime's on top (unless SYSTEM). */
    static List<StackTraceElement> goroutineFrames(StackTraceElement[] frames, Traceback level) {
        int end = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(ENTRY_CLASS) && frames[i].getMethodName().equals("enter")) {
                end = i;
                break;
            }
        }
        int start = 0;
        if (level != Traceback.SYSTEM) {
            while (start < end && runtimeFrame(frames[start])) {
                start++;
            }
        }
        List<StackTraceElement> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            out.add(frames[i]);
        }
        return out;
    }

    /**
     * A frame of the runtime rather than of the goroutine's code: gort's scheduler and the API calls that enter
     * it (Chan, Select, Time, Go, ...: Go's runtime package, whose frames Go hides), the JDK's continuation and virtual-thread machinery, and
     * the Thread.yield and stack-taking calls they go through. gort's sync, context and net packages are kept,
     * as Go keeps sync's frames.
     */
    static boolean runtimeFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("io.github.gort.internal.") || API_ENTRIES.contains(topLevel(c))
                || c.startsWith("jdk.internal.vm.") || c.startsWith("java.lang.VirtualThread")
                || (c.equals("java.lang.Thread") && (f.getMethodName().equals("yield")
                        || f.getMethodName().equals("getStackTrace")))
                || c.equals("java.lang.Throwable");
    }

    /** c without its nested-class part: {@code a.b.C} for {@code a.b.C$D}. */
    private static String topLevel(String c) {
        int nested = c.indexOf('$');
        return nested < 0 ? c : c.substring(0, nested);
    }

    /** {@code File.java:LINE}, as much of it as the frame knows. */
    private static String location(StackTraceElement f) {
        if (f.isNativeMethod()) {
            return "(native method)";
        }
        String file = f.getFileName() == null ? "?" : f.getFileName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }

    /**
     * {@code created by C.m} and its location when the goroutine's entry frame is the body of a lambda written in
     * C.m; {@code created by goroutine N} when only the creator's id is known (parentGoid; -1: not known either);
     * nothing for the main goroutine and the runtime's own, made by no goroutine (parentGoid 0). Go:
     * printcreatedby.
     */
    static void createdBy(StringBuilder b, long parentGoid, StackTraceElement[] frames) {
        if (parentGoid == 0) {
            return;
        }
        StackTraceElement entry = entryFrame(frames);
        String creator = entry == null ? null : lambdaHost(entry.getMethodName());
        if (creator == null) {
            if (parentGoid > 0) {
                b.append("created by goroutine ").append(parentGoid).append('\n');
            }
            return;
        }
        b.append("created by ").append(entry.getClassName()).append('.').append(creator).append("\n\t")
                .append(location(entry)).append('\n');
    }

    /** The goroutine's first frame: the one just above its entry, or null if none is known. */
    private static StackTraceElement entryFrame(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(ENTRY_CLASS) && frames[i].getMethodName().equals("enter")) {
                return i > 0 ? frames[i - 1] : null;
            }
        }
        return null;
    }

    /** m for javac's {@code lambda$m$N} (and {@code lambda$static$N}, a lambda in a static initializer); else null. */
    static String lambdaHost(String method) {
        if (!method.startsWith("lambda$")) {
            return null;
        }
        int end = method.lastIndexOf('$');
        if (end <= "lambda$".length()) {
            return null;
        }
        String m = method.substring("lambda$".length(), end);
        return m.equals("static") ? "<clinit>" : m.equals("new") ? "<init>" : m;
    }
}
