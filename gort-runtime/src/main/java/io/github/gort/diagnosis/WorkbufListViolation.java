package io.github.gort.diagnosis;

import io.github.gort.runtime.FatalError;

/**
 * A workbuf found where it cannot be: popped from a list with a count that contradicts the list, pushed twice, or
 * written while on a list (Go: mgcwork.go, the throws in checknonempty and checkempty, "workbuf is empty" and
 * "workbuf is not empty"). It proves that some thread touched a buffer it no longer held; golang/go#11640 is the
 * classic case. Like every {@link FatalError}, it stops the runtime.
 */
public final class WorkbufListViolation extends FatalError {
    private static final long serialVersionUID = 1L;

    private final int workbuf;

    /** A violation about buffer {@code workbuf}; the message starts with the detecting function's name. */
    public WorkbufListViolation(int workbuf, String message) {
        super(message);
        this.workbuf = workbuf;
    }

    /** The index of the buffer concerned ({@code workbuf #7} in the message). */
    public int workbuf() {
        return workbuf;
    }
}
