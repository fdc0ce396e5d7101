package io.github.gort.context;

import io.github.gort.runtime.Chan;
import java.time.Instant;
import java.util.Optional;

/**
 * A context that carries one key-value pair and delegates everything else to its parent (Go: context.go valueCtx,
 * WithValue, and the value lookup). Immutable, so safe for any number of goroutines.
 */
final class ValueContext implements Context {
    private final Context parent;
    private final Object key;
    private final Object val;

    private ValueContext(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    static ValueContext create(Context parent, Object key, Object val) {
        if (parent == null) {
            throw new NullPointerException("cannot create context from nil parent: use Context.background() for a root");
        }
        if (key == null) {
            throw new NullPointerException("nil key");
        }
        return new ValueContext(parent, key, val);
    }

    /**
     * The value for key in c or its nearest ancestor, walking the contexts of this package in a loop (deep chains
     * need no deep stack) and asking a foreign context itself. Go: context.go value.
     */
    static Object lookup(Context c, Object key) {
        while (true) {
            if (c instanceof ValueContext v) {
                if (v.key.equals(key)) {
                    return v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelContext cc) {
                if (key == CancelContext.CANCEL_CTX_KEY) {
                    return cc;
                }
                c = cc.parent;
            } else if (c instanceof Empty) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    @Override
    public Chan<Void> done() {
        return parent.done();
    }

    @Override
    public ContextError err() {
        return parent.err();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public Object value(Object k) {
        return lookup(this, k);
    }

    /** Go's text: {@code parent.WithValue(type K, val V)}. */
    @Override
    public String toString() {
        return parent + ".WithValue(type " + key.getClass().getName() + ", val " + val + ")";
    }
}
