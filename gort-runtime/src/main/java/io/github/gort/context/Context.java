package io.github.gort.context;

import io.github.gort.runtime.Chan;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Cancellation and deadlines for trees of goroutines (Go: the context package). A context is done when it is
 * cancelled, its deadline passes, or its parent is done; then {@link #done()} is closed and {@link #err()} says
 * why. Cancelling a context cancels all of its descendants, never its parent.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
 *     Go.go(() -> worker(ctx));
 *     ...
 * }                                    // close() cancels: Go's defer cancel()
 *
 * void worker(Context ctx) {
 *     while (true) {
 *         int i = Select.of().recv(ctx.done()).recv(jobs, this::handle).run();
 *         if (i == 0) return;          // ctx.err() is CANCELED or DEADLINE_EXCEEDED
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be safe for use by many goroutines. {@link #done()} may be the nil channel for a
 * context that is never cancelled ({@link #background()}).
 *
 * <p><b>Your own Context types.</b> A type that wraps a context (Go: a struct embedding one) should delegate all
 * four methods, {@link #value} included: then a cancellable context derived from it finds the cancellable context
 * underneath, joins its children and is cancelled in the same call, as in Go. A wrapper that hides the value
 * lookup, or has a {@code done()} channel of its own, is foreign: a context derived from it is cancelled by a
 * goroutine that watches it, shortly after it is done (Go does the same).
 */
public interface Context {
    /** A channel that is closed when this context is done; the nil channel if it never can be. Go: Done. */
    Chan<Void> done();

    /** Null while not done; then why it is done. Go: Err. */
    ContextError err();

    /** When this context is done at the latest, if it has a deadline. Go: Deadline. */
    Optional<Instant> deadline();

    /**
     * The value stored for key in this context or the nearest ancestor that has one, else null. Keys are compared
     * with {@code equals}; use a private key object per use, as Go recommends an unexported key type. Go: Value.
     */
    Object value(Object key);

    /** The root context: never cancelled, no deadline. Go: context.Background. */
    static Context background() {
        return Empty.BACKGROUND;
    }

    /**
     * Like {@link #background()}, for code that does not yet know which context to use (a placeholder that
     * tools can find). Go: context.TODO.
     */
    static Context todo() {
        return Empty.TODO;
    }

    /**
     * A child of parent that is done when its {@link CancelContext#cancel()} is called or parent is done.
     * Go: context.WithCancel.
     */
    static CancelContext withCancel(Context parent) {
        return CancelContext.create(parent, null);
    }

    /**
     * A child of parent that is also cancelled (DEADLINE_EXCEEDED) at deadline; if parent's deadline is earlier,
     * this is just {@link #withCancel}. Caller runs a goroutine (the deadline timer lives in its runtime).
     * Go: context.WithDeadline.
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        return CancelContext.create(parent, deadline);
    }

    /** {@code withDeadline(parent, now + timeout)}. Caller runs a goroutine. Go: context.WithTimeout. */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return CancelContext.create(parent, Instant.now().plus(timeout));
    }

    /**
     * A child of parent whose {@link #value} for key is value; every other lookup, and done, err and deadline, go to
     * parent. Use it for request-scoped data, not to pass optional parameters. Go: context.WithValue.
     *
     * @throws NullPointerException "nil key" if key is null (Go panics the same), or if parent is null
     */
    static Context withValue(Context parent, Object key, Object value) {
        return ValueContext.create(parent, key, value);
    }

    /** A never-cancelled root: background() or todo() (Go: emptyCtx). */
    final class Empty implements Context {
        static final Empty BACKGROUND = new Empty("context.Background");
        static final Empty TODO = new Empty("context.TODO");

        private final String name;

        private Empty(String name) {
            this.name = name;
        }

        @Override
        public Chan<Void> done() {
            return Chan.nil();
        }

        @Override
        public ContextError err() {
            return null;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Object value(Object key) {
            return null;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
