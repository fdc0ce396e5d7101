package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.GoParker;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Parker;
import io.github.gort.internal.scheduler.RuntimeLock;
import io.github.gort.runtime.Chan;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel protocol (Go: chan.go hchan, makechan, chansend, send, chanrecv, recv, closechan). {@link Chan} is the
 * typed public face; {@link SelectImpl} drives several HChans at once. Waiting goes through a {@link Parker}, so
 * model tests run this very code on plain threads.
 *
 * <pre>
 * field                      writer                     others                         mode
 * id, dataqsiz, buf, parker  constructor                anyone                         final
 * qcount                     holder of lock             racy reads: fast-fail checks   plain (racy read is a hint)
 * closed                     holder of lock (once)      racy reads: fast-fail checks   plain (monotonic)
 * sendx, recvx, buf[i]       holder of lock             -                              under lock
 * recvq, sendq               holder of lock             -                              under lock
 * </pre>
 * Invariants:
 * <ol>
 * <li>I1 {@code 0 <= qcount <= dataqsiz}; the buffered values are buf[recvx..recvx+qcount) in ring order.
 * <li>I2 at most one of recvq and sendq holds live waiters; recvq has waiters only when qcount == 0; sendq only
 *     when qcount == dataqsiz.
 * <li>I3 once closed, sendq and recvq are empty (close woke them all) and nothing enqueues again.
 * <li>I4 a value leaves a sender exactly once: into buf, or straight into a parked receiver's sudog (direct
 *     handoff), and is received exactly once.
 * </ol>
 * The lock is a {@link RuntimeLock}: no thread identity, held only across non-blocking steps; a parking goroutine
 * releases it in gopark's unlock callback (see {@link GoParker}).
 */
public final class HChan {
    /** Gives channels a total order for select's lock order (Go uses the hchan address). Only ever increases. */
    private static final AtomicLong IDS = new AtomicLong();

    /** chansend/chanrecv result: the operation could not complete without blocking (non-blocking mode). */
    public static final Object WOULD_BLOCK = new Object() {
        @Override
        public String toString() {
            return "WOULD_BLOCK";
        }
    };
    /** chansend/chanrecv result: the waiter was enqueued and the parker left it pending (model tests). */
    static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "PENDING";
        }
    };
    /** chanrecv result: the channel is closed and drained (Go: the zero value with ok == false). */
    public static final Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };
    /** chansend result: the value was delivered (into the buffer or to a receiver). */
    public static final Object SENT = new Object() {
        @Override
        public String toString() {
            return "SENT";
        }
    };

    /** Whether an operation may park. Go: the {@code block} argument of chansend/chanrecv. */
    public enum Mode { BLOCK, NONBLOCK }

    final long id = IDS.incrementAndGet();
    public final int dataqsiz;
    private final Object[] buf;
    int qcount;
    boolean closed;
    private int sendx;
    private int recvx;
    final WaitQ recvq = new WaitQ();
    final WaitQ sendq = new WaitQ();
    final RuntimeLock lock = new RuntimeLock();
    final Parker parker;

    /**
     * A channel with room for size buffered values (0: unbuffered). Go: chan.go makechan.
     *
     * @throws IllegalArgumentException "makechan: size out of range" if size is negative or above
     *                                  {@link Chan#MAX_CAPACITY}
     */
    public HChan(int size, Parker parker) {
        // Go rejects a size whose buffer could not be allocated; ours is an Object[], checked before allocating.
        if (size < 0 || size > Chan.MAX_CAPACITY) {
            throw new IllegalArgumentException("makechan: size out of range");
        }
        this.dataqsiz = size;
        this.buf = size == 0 ? null : new Object[size];
        this.parker = parker;
    }

    // ------------------------------------------------------------------------------------------------- send

    /**
     * Sends ep: to a parked receiver directly, into the buffer, or else (BLOCK) parks until a receiver takes it.
     * Returns SENT, WOULD_BLOCK (NONBLOCK only) or PENDING (a model parker). Any thread for NONBLOCK; BLOCK needs
     * a thread the parker can park. mp is the caller's M, found once at the API edge ({@link M#current()}; null
     * off an M): a receiver this send readies goes to mp's runnext. Go: chan.go chansend.
     *
     * @throws IllegalStateException "send on closed channel", also when closed while this sender waited
     */
    public Object chansend(M mp, Object ep, Mode mode) {
        // Fast fail without the lock: no room, then not closed. Closing is monotonic, so "not closed" at the second
        // read means both held at the first read, where the operation linearizes. Go reads closed first; Lincheck
        // found that order wrong here: a receiver waits (ready), we read "open", close runs and removes the
        // receiver, we read "full" and would report "would block" for a channel that was never open and full.
        if (mode == Mode.NONBLOCK && full() && !closed) {
            return WOULD_BLOCK;
        }
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("send on closed channel");
        }
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            send(mp, sg, ep);
            return SENT;
        }
        if (qcount < dataqsiz) {
            bufput(ep);
            lock.unlock();
            return SENT;
        }
        if (mode == Mode.NONBLOCK) {
            lock.unlock();
            return WOULD_BLOCK;
        }
        Sudog mysg = new Sudog(ep);
        sendq.enqueue(mysg);
        if (!parker.park(mp, mysg, lock, "chan send")) {
            return PENDING;
        }
        // Woken by a receiver (success) or by close (failure). The lock is not held here, and mp is stale.
        if (!mysg.success) {
            throw new IllegalStateException("send on closed channel");
        }
        return SENT;
    }

    /**
     * Hands ep to the parked receiver sg, then unlocks and readies it. Caller holds the lock; sg was dequeued from
     * recvq. Go: chan.go send (the sender writes straight into the receiver's slot).
     */
    private void send(M mp, Sudog sg, Object ep) {
        sendToReceiverLocked(sg, ep);
        lock.unlock();
        parker.ready(mp, sg);
    }

    private void bufput(Object ep) {
        buf[sendx] = ep;
        if (++sendx == dataqsiz) {
            sendx = 0;
        }
        qcount++;
    }

    private boolean full() {
        return dataqsiz == 0 ? recvq.first == null : qcount == dataqsiz;
    }

    // ---------------------------------------------------------------------------------------------- receive

    /**
     * Receives a value: from a parked sender, from the buffer, or else (BLOCK) parks until one arrives. Returns the
     * value (null is a value), CLOSED if the channel is closed and empty, WOULD_BLOCK (NONBLOCK) or PENDING (a
     * model parker). mp as for {@link #chansend}. Go: chan.go chanrecv.
     */
    public Object chanrecv(M mp, Mode mode) {
        // Fast fail (Go's racy check): empty, then not closed: both held at the first read.
        if (mode == Mode.NONBLOCK && empty() && !closed) {
            return WOULD_BLOCK;
        }
        lock.lock();
        if (closed && qcount == 0) {
            lock.unlock();
            return CLOSED;
        }
        Sudog sg = sendq.dequeue();
        if (sg != null) {
            return recv(mp, sg);
        }
        if (qcount > 0) {
            Object v = bufget();
            lock.unlock();
            return v;
        }
        if (mode == Mode.NONBLOCK) {
            lock.unlock();
            return WOULD_BLOCK;
        }
        Sudog mysg = new Sudog();
        recvq.enqueue(mysg);
        if (!parker.park(mp, mysg, lock, "chan receive")) {
            return PENDING;
        }
        return mysg.success ? mysg.elem : CLOSED;
    }

    /**
     * Takes a value given a parked sender sg: its value if unbuffered; else the buffer's head, and sg's value goes
     * to the tail (the buffer is full, so FIFO order is kept). Then unlocks and readies sg. Caller holds the
     * lock. Go: chan.go recv.
     */
    private Object recv(M mp, Sudog sg) {
        Object v = recvFromSenderLocked(sg);
        lock.unlock();
        parker.ready(mp, sg);
        return v;
    }

    private Object bufget() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) {
            recvx = 0;
        }
        qcount--;
        return v;
    }

    private boolean empty() {
        return dataqsiz == 0 ? sendq.first == null : qcount == 0;
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * Closes the channel and wakes every waiter: receivers get CLOSED, senders fail with "send on closed channel".
     * Any thread; mp as for {@link #chansend}. Go: chan.go closechan.
     *
     * @throws IllegalStateException "close of closed channel"
     */
    public void closechan(M mp) {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("close of closed channel");
        }
        closed = true;
        Sudog wake = null;                              // readied after unlocking, chained through next
        Sudog sg;
        while ((sg = recvq.dequeue()) != null) {
            sg.elem = null;
            sg.success = false;
            wake = chainForReady(sg, wake);
        }
        while ((sg = sendq.dequeue()) != null) {
            sg.elem = null;
            sg.success = false;
            wake = chainForReady(sg, wake);
        }
        lock.unlock();
        while (wake != null) {
            Sudog nxt = wake.next;
            wake.next = null;
            parker.ready(mp, wake);
            wake = nxt;
        }
    }

    private static Sudog chainForReady(Sudog sg, Sudog list) {
        if (sg.group != null) {
            sg.group.fired = sg;
        }
        sg.next = list;
        return sg;
    }

    // ------------------------------------------------------------------------------- select's locked steps

    /** Puts ep into the buffer if there is room; false otherwise. Caller holds the lock. Go: selectgo's bufsend. */
    boolean trySendLocked(Object ep) {
        if (qcount < dataqsiz) {
            bufput(ep);
            return true;
        }
        return false;
    }

    /** Buffered value for a locked select, or WOULD_BLOCK. Caller holds the lock. Go: selectgo's bufrecv. */
    Object tryBufRecvLocked() {
        return qcount > 0 ? bufget() : WOULD_BLOCK;
    }

    /**
     * Takes the value of the parked sender sg: its own if unbuffered; else the buffer's head, and sg's value goes to
     * the tail (the buffer was full, so FIFO order holds). Does not unlock or ready. Caller holds the lock; sg was
     * dequeued from sendq. Go: chan.go recv.
     */
    Object recvFromSenderLocked(Sudog sg) {
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = sg.elem;
            if (++recvx == dataqsiz) {
                recvx = 0;
            }
            sendx = recvx;
        }
        sg.elem = null;
        sg.success = true;
        if (sg.group != null) {
            sg.group.fired = sg;
        }
        return v;
    }

    /** Writes ep straight into the parked receiver sg. Does not unlock or ready. Caller holds the lock. Go: chan.go send. */
    static void sendToReceiverLocked(Sudog sg, Object ep) {
        sg.elem = ep;
        sg.success = true;
        if (sg.group != null) {
            sg.group.fired = sg;
        }
    }

    /** Number of buffered values (racy outside the lock, as Go's len). */
    public int len() {
        return qcount;
    }

    @Override
    public String toString() {
        return "chan#" + id + "[cap " + dataqsiz + "]";
    }
}
