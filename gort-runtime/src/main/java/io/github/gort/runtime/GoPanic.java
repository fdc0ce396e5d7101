package io.github.gort.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception escaped a goroutine: Go's unrecovered panic. The runtime stops; {@link GoRuntime#run} throws
 * this, with the exception as its cause. {@link #goTraceback} is the text Go prints:
 * <pre>
 * panic: java.lang.IllegalStateException: boom
 *
 * goroutine 7 [running]:
 * 	at ...
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

    /** The goroutine's entry frame: below it are the runtime's frames (its continuation or virtual thread). */
    private static final String G_CLASS = "io.github.gort.internal.scheduler.G";

    /** Go's panic output: the value, then the goroutine's header and its stack. */
    public String goTraceback() {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        pw.println("panic: " + getCause());
        pw.println();
        pw.println("goroutine " + goid + " [running]:");
        for (StackTraceElement e : getCause().getStackTrace()) {
            if (e.getClassName().startsWith("jdk.internal.vm.Continuation") || e.getClassName().equals(G_CLASS)) {
                break;                                // the frames below are the runtime's, not the goroutine's
            }
            pw.println("\tat " + e);
        }
        Throwable c = getCause().getCause();
        while (c != null) {
            pw.println("caused by: " + c);
            c = c.getCause();
        }
        pw.flush();
        return sw.toString();
    }
}
