package io.github.gort.runtime;

import io.github.gort.internal.scheduler.SchedDump;

/**
 * An exception escaped a goroutine: Go's unrecovered panic. The runtime stops; {@link GoRuntime#run} throws
 * this, with the exception as its cause. {@link #goTraceback} is the text Go prints:
 * <pre>
 * panic: java.lang.IllegalStateException: boom
 *
 * goroutine 7 [running]:
 * com.example.Main.lambda$main$0(...)
 * 	Main.java:12
 * created by com.example.Main.main
 * 	Main.java:12
 * </pre>
 */
public final class GoPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long goid;

    public GoPanic(long goid, Throwable cause) {
        super("panic in goroutine " + goid + ": " + cause, cause);
        this.goid = goid;
    }

    /** The id of the goroutine that panicked. */
    public long goid() {
        return goid;
    }

    /** How much {@link #goTraceback} prints, and the other goroutines' blocks: set by the runtime that ended. */
    private transient Traceback level = Traceback.SINGLE;
    private transient String others = "";

    /** The runtime ended by this panic attaches its level and, for ALL and SYSTEM, the other goroutines' dump. */
    void attachDump(Traceback traceback, String othersDump) {
        level = traceback;
        others = othersDump;
    }

    /**
     * Go's panic output: the value, then, unless {@code GOTRACEBACK=none}, the goroutine's block in Go's format
     * (header, frames of the exception that escaped it, {@code created by}), the exception's causes, and with
     * {@code GOTRACEBACK=all} every other goroutine's block (see {@link Traceback}).
     */
    public String goTraceback() {
        StringBuilder b = new StringBuilder();
        b.append("panic: ").append(getCause()).append('\n');
        if (level == Traceback.NONE) {
            return b.toString();
        }
        b.append('\n').append(SchedDump.panicking(goid, getCause().getStackTrace(), level));
        for (Throwable c = getCause().getCause(); c != null; c = c.getCause()) {
            b.append("caused by: ").append(c).append('\n');
        }
        return b.append(others).toString();
    }
}
