package io.github.gort.context;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.runtime.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A context that can be cancelled, optionally with a deadline (Go: context.go cancelCtx and timerCtx). Closing it
 * ({@link #close()}, for try-with-resources) cancels it, as Go's {@code defer cancel()}.
 *
 * <pre>
 * field     writer                                        mode
 * err       the first cancel (CAS null -> reason)         atomic; the one winner closes done and cancels children
 * children  CAS: add/remove a child; the winning cancel    atomic reference to an immutable array; CANCELLED
 *           swaps in CANCELLED                             after cancel, so a late child is cancelled at once
 * timer     set once at creation (deadline contexts)      final
 * </pre>
 * No lock: cancel may run on any thread (the timer's goroutine, a plain Java thread) and never blocks.
 * Invariant: once err is set, done is closed (by the winner, before it cancels the children) and every child that
 * was or will be attached is cancelled with the same reason.
 *
 * <p><b>Finding the parent to attach to</b> (Go: parentCancelCtx). A new child joins the children of the nearest
 * CancelContext above it, found by asking the parent for {@link #CANCEL_CTX_KEY}: value contexts and wrappers that
 * delegate {@code value} pass the question up, and a CancelContext answers with itself. The answer counts only if
 * its done channel is the parent's done channel (a wrapper with its own {@code done()} is foreign). Cancelling that
 * CancelContext then cancels the child before {@code cancel()} returns. Only a foreign parent is watched by a
 * goroutine, which ends when the parent or the child is done.
 */
public final class CancelContext implements Context, AutoCloseable {
    private static final CancelContext[] NONE = new CancelContext[0];
    private static final CancelContext[] CANCELLED = new CancelContext[0];
    /** The key a CancelContext answers with itself (Go: &cancelCtxKey). Private to this package. */
    static final Object CANCEL_CTX_KEY = new Object() {
        @Override
        public String toString() {
            return "cancelCtxKey";
        }
    };

    final Context parent;
    private final Chan<Void> done = Chan.make();
    private final AtomicReference<ContextError> err = new AtomicReference<>();
    private final AtomicReference<CancelContext[]> children = new AtomicReference<>(NONE);
    private final Instant deadline;
    private volatile Timer timer;

    private CancelContext(Context parent, Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    static CancelContext create(Context parent, Instant deadline) {
        if (parent == null) {
            throw new NullPointerException("context: parent is null; use Context.background() for a root");
        }
        Optional<Instant> pd = parent.deadline();
        if (deadline != null && pd.isPresent() && !pd.get().isAfter(deadline)) {
            deadline = null;                               // the parent's earlier deadline already applies
        }
        CancelContext c = new CancelContext(parent, deadline);
        c.propagateCancel();
        if (deadline != null && c.err() == null) {
            Duration d = Duration.between(Instant.now(), deadline);
            if (d.isNegative() || d.isZero()) {
                c.cancel(ContextError.DEADLINE_EXCEEDED);
            } else {
                c.timer = Time.afterFunc(d, () -> c.cancel(ContextError.DEADLINE_EXCEEDED));
                if (c.err() != null) {
                    c.timer.stop();                         // cancelled while we set the timer up
                }
            }
        }
        return c;
    }

    /** Arranges for this context to be cancelled when its parent is. Go: context.go propagateCancel. */
    private void propagateCancel() {
        Chan<Void> pdone = parent.done();
        if (pdone.isNil()) {
            return;                                         // the parent is never cancelled
        }
        if (pdone.tryRecv() != null) {
            cancel(parent.err());                           // already done
            return;
        }
        CancelContext p = parentCancelCtx(parent);
        if (p != null) {
            if (!p.addChild(this)) {
                cancel(p.err());
            }
            return;
        }
        // A foreign Context: watch it from a goroutine (Go does the same).
        Go.go(() -> Select.of().recv(pdone, v -> cancel(parent.err())).recv(done).run());
    }

    /**
     * The CancelContext underneath parent whose done channel parent reports as its own, or null. Go: context.go
     * parentCancelCtx.
     */
    static CancelContext parentCancelCtx(Context parent) {
        Chan<Void> pdone = parent.done();
        if (pdone.isNil()) {
            return null;
        }
        return parent.value(CANCEL_CTX_KEY) instanceof CancelContext p && p.done == pdone ? p : null;
    }

    private boolean addChild(CancelContext child) {
        while (true) {
            CancelContext[] cur = children.get();
            if (cur == CANCELLED) {
                return false;
            }
            CancelContext[] next = java.util.Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = child;
            if (children.compareAndSet(cur, next)) {
                return true;
            }
        }
    }

    /** The number of attached children (0 once cancelled). For tests. */
    int childCount() {
        return children.get().length;
    }

    private void removeChild(CancelContext child) {
        while (true) {
            CancelContext[] cur = children.get();
            if (cur == CANCELLED) {
                return;
            }
            int i = 0;
            while (i < cur.length && cur[i] != child) {
                i++;
            }
            if (i == cur.length) {
                return;
            }
            CancelContext[] next = new CancelContext[cur.length - 1];
            System.arraycopy(cur, 0, next, 0, i);
            System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
            if (children.compareAndSet(cur, next)) {
                return;
            }
        }
    }

    /** Cancels this context and its descendants (no effect if already done). Any thread. Go: the CancelFunc. */
    public void cancel() {
        cancel(ContextError.CANCELED);
    }

    /** Same as {@link #cancel()}: try-with-resources cancels on exit. */
    @Override
    public void close() {
        cancel();
    }

    private void cancel(ContextError reason) {
        if (reason == null) {
            // Only a foreign parent can cause this: its done channel was closed while its err() said "not done".
            throw new IllegalStateException("context: internal error: missing cancel error (a Context whose done()"
                    + " is closed must report why in err())");
        }
        if (!err.compareAndSet(null, reason)) {
            return;
        }
        done.close();
        for (CancelContext child : children.getAndSet(CANCELLED)) {
            child.cancel(reason);
        }
        CancelContext p = parentCancelCtx(parent);
        if (p != null) {
            p.removeChild(this);
        }
        Timer t = timer;
        if (t != null) {
            t.stop();
        }
    }

    @Override
    public Chan<Void> done() {
        return done;
    }

    @Override
    public ContextError err() {
        return err.get();
    }

    @Override
    public Optional<Instant> deadline() {
        return deadline != null ? Optional.of(deadline) : parent.deadline();
    }

    /** This context for {@link #CANCEL_CTX_KEY}; else the parent's value. Go: cancelCtx.Value. */
    @Override
    public Object value(Object key) {
        return ValueContext.lookup(this, key);
    }

    @Override
    public String toString() {
        return parent + (deadline != null ? ".WithDeadline(" + deadline + ")" : ".WithCancel")
                + (err() != null ? " [" + err() + "]" : "");
    }
}
