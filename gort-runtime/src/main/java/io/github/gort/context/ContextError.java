package io.github.gort.context;

/** Why a context is done. Go: context.Canceled, context.DeadlineExceeded; {@link #toString} is Go's text. */
public enum ContextError {
    CANCELED("context canceled"),
    DEADLINE_EXCEEDED("context deadline exceeded");

    private final String text;

    ContextError(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
