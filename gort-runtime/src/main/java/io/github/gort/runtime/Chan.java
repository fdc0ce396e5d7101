package io.github.gort.runtime;

import io.github.gort.internal.chan.HChan;
import io.github.gort.internal.scheduler.GoParker;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.RuntimeAccess;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A Go channel of T values: unbuffered ({@code make()}) or buffered ({@code make(n)}), for goroutines.
 * (Go: the {@code chan T} type; the protocol is in {@link HChan}, chan.go.)
 *
 * <pre>{@code
 * Chan<Integer> ch = Chan.make();
 * Go.go(() -> { for (int i = 0; i < 3; i++) ch.send(i); ch.close(); });
 * for (Integer v : ch) System.out.println(v);      // range: 0 1 2, then the loop ends at close
 * }</pre>
 *
 * <p>Go's rules: a send blocks until a receiver takes the value (unbuffered) or there is room (buffered); a receive
 * blocks until a value arrives. Sending on a closed channel and closing twice throw {@link IllegalStateException}
 * with Go's panic text ("send on closed channel", "close of closed channel"); receiving from a closed channel
 * returns its buffered values, then null (Go's zero value; use {@link #recvOk} to tell). Closing wakes every
 * waiter. Values may be null.
 *
 * <p><b>nil channels.</b> Go's {@code var ch chan T} is {@link #nil()}: send and receive on it block forever,
 * closing it throws "close of nil channel", and in a {@link Select} its cases are never ready (a Java {@code null}
 * passed to a Select case means the same).
 *
 * <p>Blocking operations ({@link #send}, {@link #recv}, {@link #recvOk}, iteration) park the calling goroutine,
 * never its thread, and must be called from a goroutine (else {@link IllegalStateException}). {@link #trySend},
 * {@link #tryRecv}, {@link #close}, {@link #len} and {@link #cap} work from any thread.
 */
public final class Chan<T> implements Iterable<T> {
    static {
        RuntimeAccess.registerChan(c -> c.h);
    }

    /**
     * The largest capacity a channel can have: the longest array every JVM allocates (the JDK's soft maximum array
     * length, {@code Integer.MAX_VALUE - 8}); the buffer is one. A buffer that large still needs that many references
     * of heap (8 GiB to 16 GiB): the heap, not this bound, limits practical sizes, as memory does in Go.
     */
    public static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private static final Chan<?> NIL = new Chan<>(null);

    /** The protocol object; null for the nil channel. */
    final HChan h;

    private Chan(HChan h) {
        this.h = h;
    }

    /** An unbuffered channel: each send meets a receive. Go: {@code make(chan T)}. */
    public static <T> Chan<T> make() {
        return new Chan<>(new HChan(0, GoParker.INSTANCE));
    }

    /**
     * A channel that buffers up to capacity values (0: unbuffered). Go: {@code make(chan T, capacity)}.
     *
     * @throws IllegalArgumentException "makechan: size out of range" if capacity is negative or above
     *                                  {@link #MAX_CAPACITY} (Go's panic text)
     */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(new HChan(capacity, GoParker.INSTANCE));
    }

    /** The nil channel (Go's zero value of a channel type): blocks forever, never ready in a select. */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    /** True for {@link #nil()}. */
    public boolean isNil() {
        return h == null;
    }

    /**
     * Sends v, parking until a receiver takes it or there is buffer room. Caller runs a goroutine. Go: chan.go
     * chansend ({@code ch <- v}).
     *
     * @throws IllegalStateException "send on closed channel" (also if it is closed while this send waits)
     */
    public void send(T v) {
        M mp = Goroutines.checkPreempt(Goroutines.goroutineM("Chan.send"));   // the one M lookup of this send
        if (h == null) {
            Goroutines.blockForever(mp, "chan send (nil chan)");
        }
        h.chansend(mp, v, HChan.Mode.BLOCK);
    }

    /**
     * Receives a value, parking until one is available; null once the channel is closed and drained (see
     * {@link #recvOk}). Caller runs a goroutine. Go: chan.go chanrecv1 ({@code v := <-ch}).
     */
    public T recv() {
        Object v = recv0("Chan.recv");
        return v == HChan.CLOSED ? null : cast(v);
    }

    /**
     * Receives a value and whether it came from a send ({@code ok}) rather than from a closed, drained channel.
     * Caller runs a goroutine. Go: chan.go chanrecv2 ({@code v, ok := <-ch}).
     */
    public Received<T> recvOk() {
        Object v = recv0("Chan.recvOk");
        return v == HChan.CLOSED ? Received.closed() : new Received<>(cast(v), true);
    }

    private Object recv0(String what) {
        M mp = Goroutines.checkPreempt(Goroutines.goroutineM(what));          // the one M lookup of this receive
        if (h == null) {
            Goroutines.blockForever(mp, "chan receive (nil chan)");
        }
        return h.chanrecv(mp, HChan.Mode.BLOCK);
    }

    /**
     * Sends v if a receiver is waiting or there is buffer room, without blocking; false otherwise (and always on
     * the nil channel). Any thread. Go: {@code select { case ch <- v: default: }}, chan.go selectnbsend.
     *
     * @throws IllegalStateException "send on closed channel"
     */
    public boolean trySend(T v) {
        return h != null && h.chansend(M.current(), v, HChan.Mode.NONBLOCK) == HChan.SENT;
    }

    /**
     * Receives without blocking: a result if a value (or closure) is ready, else null. Any thread. Go:
     * {@code select { case v, ok := <-ch: default: }}, chan.go selectnbrecv.
     */
    public Received<T> tryRecv() {
        if (h == null) {
            return null;
        }
        Object v = h.chanrecv(M.current(), HChan.Mode.NONBLOCK);
        if (v == HChan.WOULD_BLOCK) {
            return null;
        }
        return v == HChan.CLOSED ? Received.closed() : new Received<>(cast(v), true);
    }

    /**
     * Closes the channel: no more sends; receivers drain the buffer, then get null / ok == false; every waiting
     * goroutine wakes. Any thread. Go: chan.go closechan.
     *
     * @throws IllegalStateException "close of closed channel", or "close of nil channel"
     */
    public void close() {
        if (h == null) {
            throw new IllegalStateException("close of nil channel");
        }
        h.closechan(M.current());
    }

    /** The number of buffered values (a snapshot). Go: {@code len(ch)}. */
    public int len() {
        return h == null ? 0 : h.len();
    }

    /** The buffer capacity (0 for unbuffered and nil channels). Go: {@code cap(ch)}. */
    public int cap() {
        return h == null ? 0 : h.dataqsiz;
    }

    /**
     * Receives values until the channel is closed and drained; {@code hasNext} parks. Caller runs a goroutine.
     * Go: {@code for v := range ch}.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next = HChan.WOULD_BLOCK;         // WOULD_BLOCK: not received yet

            @Override
            public boolean hasNext() {
                if (next == HChan.WOULD_BLOCK) {
                    next = recv0("Chan.iterator");
                }
                return next != HChan.CLOSED;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel " + Chan.this + " is closed and drained");
                }
                Object v = next;
                next = HChan.WOULD_BLOCK;
                return cast(v);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object v) {
        return (T) v;
    }

    @Override
    public String toString() {
        return h == null ? "chan(nil)" : h.toString();
    }
}
