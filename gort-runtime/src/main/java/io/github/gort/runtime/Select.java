package io.github.gort.runtime;

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
 * <p>A Select is a reusable description, not thread-safe: build it in one goroutine and {@link #run} it there,
 * as often as needed. The values of send cases are fixed when added.
 */
public final class Select {
    private HChan[] chans = new HChan[4];
    private int[] kinds = new int[4];
    private Object[] elems = new Object[4];
    @SuppressWarnings("rawtypes")
    private Consumer[] onRecv = new Consumer[4];
    private Runnable[] onSend = new Runnable[4];
    private boolean[] wantOk = new boolean[4];
    private int ncases;                // index space includes the default
    private int defaultIndex = -1;
    private Runnable onDefault;

    private Select() {}

    /** A select with no cases yet. */
    public static Select of() {
        return new Select();
    }

    /** Adds a receive case; onValue gets the value (null if the channel is closed). Go: {@code case v := <-ch:}. */
    public <T> Select recv(Chan<T> ch, Consumer<? super T> onValue) {
        int i = add(ch, SelectImpl.RECV, null);
        onRecv[i] = onValue;
        return this;
    }

    /** Adds a receive case whose handler is ignored. Go: {@code case <-ch:}. */
    public <T> Select recv(Chan<T> ch) {
        return recv(ch, v -> { });
    }

    /** Adds a receive case that tells a closed channel apart. Go: {@code case v, ok := <-ch:}. */
    public <T> Select recvOk(Chan<T> ch, Consumer<Received<T>> onResult) {
        int i = add(ch, SelectImpl.RECV, null);
        onRecv[i] = onResult;
        wantOk[i] = true;
        return this;
    }

    /** Adds a send case for value; onSent runs if it is chosen. Go: {@code case ch <- value:}. */
    public <T> Select send(Chan<T> ch, T value, Runnable onSent) {
        int i = add(ch, SelectImpl.SEND, value);
        onSend[i] = onSent;
        return this;
    }

    /** Adds a send case with no handler. */
    public <T> Select send(Chan<T> ch, T value) {
        return send(ch, value, () -> { });
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
        ensure(ncases + 1);
        defaultIndex = ncases++;
        onDefault = fn;
        return this;
    }

    private int add(Chan<?> ch, int kind, Object value) {
        ensure(ncases + 1);
        int i = ncases++;
        chans[i] = ch == null ? null : ch.h;
        kinds[i] = kind;
        elems[i] = value;
        return i;
    }

    private void ensure(int n) {
        if (n > chans.length) {
            int m = Math.max(n, chans.length * 2);
            chans = Arrays.copyOf(chans, m);
            kinds = Arrays.copyOf(kinds, m);
            elems = Arrays.copyOf(elems, m);
            onRecv = Arrays.copyOf(onRecv, m);
            onSend = Arrays.copyOf(onSend, m);
            wantOk = Arrays.copyOf(wantOk, m);
        }
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
        HChan[] cs = chans;
        int[] ks = kinds;
        Object[] es = elems;
        if (defaultIndex >= 0) {                           // compact out the default slot
            cs = new HChan[ncases - 1];
            ks = new int[ncases - 1];
            es = new Object[ncases - 1];
            for (int i = 0, j = 0; i < ncases; i++) {
                if (i != defaultIndex) {
                    cs[j] = chans[i];
                    ks[j] = kinds[i];
                    es[j] = elems[i];
                    j++;
                }
            }
        }
        int n = defaultIndex >= 0 ? ncases - 1 : ncases;
        SelectImpl sel = new SelectImpl(cs, ks, es, n);
        int chosen = sel.selectgo(defaultIndex >= 0 ? HChan.Mode.NONBLOCK : HChan.Mode.BLOCK);
        if (chosen < 0) {
            onDefault.run();
            return defaultIndex;
        }
        if (defaultIndex >= 0 && chosen >= defaultIndex) {
            chosen++;                                      // back to the caller's numbering
        }
        if (kinds[chosen] == SelectImpl.RECV) {
            Consumer<Object> fn = onRecv[chosen];
            fn.accept(wantOk[chosen] ? new Received<>(sel.recvValue, sel.recvOk) : sel.recvValue);
        } else {
            onSend[chosen].run();
        }
        return chosen;
    }
}
