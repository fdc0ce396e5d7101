package io.github.gort.runtime;

import io.github.gort.internal.chan.HChan;
import io.github.gort.internal.chan.SelectImpl;
import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement for gort goroutines: waits until one of several channel operations can proceed,
 * and runs it (Go: select.go selectgo; the spec's "Select statements").
 *
 * <pre>{@code
 * int chosen = Select.of()
 *         .recv(jobs, job -> handle(job))
 *         .send(results, r, () -> sent++)
 *         .recv(Time.after(Duration.ofSeconds(1)), t -> timedOut = true)
 *         .run();
 * }</pre>
 *
 * <p>Semantics (the Go specification): if several cases are ready, one is chosen uniformly at random; if none is
 * ready, {@link #onDefault} runs if given, else the goroutine parks (no busy waiting) until one is. A case on a
 * nil channel ({@link Chan#nil()} or {@code null}) is never ready; with only such cases and no default, the
 * goroutine blocks forever. The same channel may appear in several cases. A send case on a closed channel throws
 * "send on closed channel" when chosen. The chosen case's handler runs after the operation completed, in the
 * calling goroutine. {@link #run} returns the chosen case's index, counting cases (and the default) in the order
 * they were added.
 *
 * <p>A Select is a reusable description, not thread-safe: build it, then {@link #run} it as often as needed. The
 * values of send cases are fixed when added. Reusing one Select in a loop is the cheapest form: the goroutine that
 * runs it keeps its run state (poll and lock order, one sudog per case), so a run allocates nothing. A Select built
 * anew for every run works the same and costs a few small allocations more. A Select that several goroutines run
 * gives each other goroutine fresh run state on every run (correct, not cheap).
 */
public final class Select {
    /*
     * Design. The cases live in parallel arrays indexed by case number; the default is not a case: it is kept apart
     * and only shifts the numbers run() returns (caseIndex >= defaultIndex counts one more). The run state is a
     * SelectImpl owned by one goroutine (its final owner field); adding a case drops it.
     *
     * field                      writer                       others                  mode
     * chans..handlers, ncases    the builder (add)            SelectImpl reads        plain (not thread-safe)
     * defaultIndex, onDefault    the builder (onDefault)      -                       plain
     * impl                       run() of any goroutine       run() of any goroutine  plain; SelectImpl.owner is
     *                                                                                 final, so a racy read is safe
     */
    private HChan[] chans = new HChan[4];
    private byte[] kinds = new byte[4];
    private Object[] elems = new Object[4];
    /** Consumer (receive cases) or Runnable (send cases); null when there is nothing to run. */
    private Object[] handlers = new Object[4];
    /** Number of channel cases; the default is not counted. */
    private int ncases;
    /** The number run() returns for the default case, or -1 if there is none. */
    private int defaultIndex = -1;
    private Runnable onDefault;
    /** Run state of the goroutine that ran this Select last with a fresh state; null after a case is added. */
    private SelectImpl impl;

    private Select() {}

    /** A select with no cases yet. */
    public static Select of() {
        return new Select();
    }

    /** Adds a receive case; onValue gets the value (null if the channel is closed). Go: {@code case v := <-ch:}. */
    public <T> Select recv(Chan<T> ch, Consumer<? super T> onValue) {
        add(ch, SelectImpl.RECV, null, onValue);
        return this;
    }

    /** Adds a receive case whose value is dropped. Go: {@code case <-ch:}. */
    public <T> Select recv(Chan<T> ch) {
        add(ch, SelectImpl.RECV, null, null);
        return this;
    }

    /** Adds a receive case that tells a closed channel apart. Go: {@code case v, ok := <-ch:}. */
    public <T> Select recvOk(Chan<T> ch, Consumer<Received<T>> onResult) {
        add(ch, SelectImpl.RECV_OK, null, onResult);
        return this;
    }

    /** Adds a send case for value; onSent runs if it is chosen. Go: {@code case ch <- value:}. */
    public <T> Select send(Chan<T> ch, T value, Runnable onSent) {
        add(ch, SelectImpl.SEND, value, onSent);
        return this;
    }

    /** Adds a send case with no handler. */
    public <T> Select send(Chan<T> ch, T value) {
        add(ch, SelectImpl.SEND, value, null);
        return this;
    }

    /**
     * Sets the default case, run when no other case is ready. Go: {@code default:}.
     *
     * @throws IllegalStateException if a default was already given (Go: "multiple defaults in select")
     */
    public Select onDefault(Runnable fn) {
        if (defaultIndex >= 0) {
            throw new IllegalStateException("multiple defaults in select: call onDefault once");
        }
        defaultIndex = ncases;
        onDefault = fn;
        return this;
    }

    private void add(Chan<?> ch, byte kind, Object value, Object handler) {
        if (ncases == chans.length) {
            int m = ncases * 2;
            chans = Arrays.copyOf(chans, m);
            kinds = Arrays.copyOf(kinds, m);
            elems = Arrays.copyOf(elems, m);
            handlers = Arrays.copyOf(handlers, m);
        }
        int i = ncases++;
        chans[i] = ch == null ? null : ch.h;
        kinds[i] = kind;
        elems[i] = value;
        handlers[i] = handler;
        impl = null;                                    // the case set changed: poll and lock order too
    }

    /**
     * Runs the select: performs one ready case (chosen uniformly among ready ones), or the default, or parks
     * until a case can proceed; then runs that case's handler. Returns the chosen case's index. Caller runs a
     * goroutine. Go: select.go selectgo.
     *
     * @throws IllegalStateException "send on closed channel" if a chosen send case's channel is closed
     */
    @SuppressWarnings("unchecked")
    public int run() {
        M mp = Goroutines.checkPreempt(Goroutines.goroutineM("Select.run"));   // may yield: the M it returns
        G gp = mp.curg;
        SelectImpl sel = impl;
        if (sel == null || sel.owner != gp) {
            sel = new SelectImpl(chans, kinds, elems, ncases, gp);
            impl = sel;
        }
        int casi = sel.selectgo(mp, defaultIndex >= 0 ? HChan.Mode.NONBLOCK : HChan.Mode.BLOCK);
        if (casi < 0) {
            if (onDefault != null) {
                onDefault.run();
            }
            return defaultIndex;
        }
        Object handler = handlers[casi];
        byte kind = kinds[casi];
        if (kind == SelectImpl.SEND) {
            if (handler != null) {
                ((Runnable) handler).run();
            }
        } else {
            Object v = sel.recvValue;
            boolean ok = sel.recvOk;
            sel.recvValue = null;                       // the state does not keep the value alive
            if (handler != null) {
                ((Consumer<Object>) handler).accept(kind == SelectImpl.RECV_OK ? new Received<>(v, ok) : v);
            }
        }
        return defaultIndex >= 0 && casi >= defaultIndex ? casi + 1 : casi;
    }
}
