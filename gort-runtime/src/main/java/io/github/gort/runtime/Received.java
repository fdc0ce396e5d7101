package io.github.gort.runtime;

/**
 * The result of a receive that tells a closed channel apart (Go: {@code v, ok := <-ch}). {@code ok} is false only
 * when the channel is closed and drained; {@code value} is then null (Go's zero value).
 */
public record Received<T>(T value, boolean ok) {
    private static final Received<?> CLOSED = new Received<>(null, false);

    /** The result of receiving from a closed, drained channel. */
    @SuppressWarnings("unchecked")
    static <T> Received<T> closed() {
        return (Received<T>) CLOSED;
    }
}
