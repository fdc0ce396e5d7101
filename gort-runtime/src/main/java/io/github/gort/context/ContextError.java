package io.github.gort.context;

/** Why a context is done. Go: context.Canceled, context.DeadlineExceeded; {@link #toString} is Go's text. */
public enum ContextError {
    CANCELED("context canceled"),
    DEADLINE_EXCEEDED("context deadline exceeded");

    private final String text;

    ContextError(String text) {
        this.text = text;
    }

    /** True for DEADLINE_EXCEEDED (Go: DeadlineExceeded implements net.Error with Timeout() true). */
    public boolean timeout() {
        return this == DEADLINE_EXCEEDED;
    }

    @Override
    public String toString() {
        return text;
    }
}
