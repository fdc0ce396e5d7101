package io.github.gort.runtime;

/**
 * A broken runtime invariant: Go's {@code throw("...")}, which prints {@code fatal error: ...} and stops the
 * program. gort stops the runtime that raised it; the CLI then exits with status 2.
 *
 * <p>By Go's convention the message starts with the name of the function that found the problem
 * ({@code "runqput: caller does not own P"}). A FatalError is never caught to carry on; it is caught only to stop
 * the runtime and report.
 */
public class FatalError extends Error {
    private static final long serialVersionUID = 1L;

    public FatalError(String message) {
        super(message);
    }

    public FatalError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The text Go prints: {@code fatal error: <message>}. */
    public String goMessage() {
        return "fatal error: " + getMessage();
    }
}
