package io.github.gort.internal.netpoll;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.ParkUnlock;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.internal.scheduler.Timers;
import io.github.gort.runtime.FatalError;
import jdk.internal.vm.Continuation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The network poller of one runtime (Go: netpoll.go and netpoll_epoll.go): one NIO {@link Selector} (epoll on
 * Linux) for every socket the runtime's goroutines use. The scheduler asks it for the goroutines whose sockets
 * became ready ({@link #poll}) and injects them, as Go's findRunnable, sysmon and startTheWorld do with
 * {@code netpoll}; nothing outside this package sees a {@code SelectionKey}.
 *
 * <h2>One-shot interest on a level-triggered selector</h2>
 * Go registers each descriptor once, edge-triggered, for both directions. NIO's selector is level-triggered and
 * applies interest changes only at the start of a selection. So a descriptor is registered with no interest; a
 * goroutine about to wait arms the op it waits for ({@link #arm}), and the poller disarms every op that fired
 * before it readies the waiter. An armed op therefore fires once per wait, and readiness nobody waits for never
 * makes a poll return. Arming while a poll blocks wakes it ({@link #netpollBreak}), so the new interest is seen;
 * the arm is published before the check of {@code blocked}, and the poller publishes {@code blocked} before its
 * selection reads the interest updates: one of the two sees the other.
 *
 * <h2>Re-arming reads</h2>
 * A reader the poller wakes usually reads what came and then waits again. So when a read op fires with a goroutine
 * parked on it, the poller arms the op again before it readies that goroutine (which cannot run before the poll
 * returns): its next wait finds the interest armed and breaks no poll. If the data is still unread at the next
 * selection the op fires once more, finds nobody parked, stays disarmed and leaves the readiness (READY) for the
 * reader. Disarming always comes first, so a waiter that arms concurrently either sees the interest gone and arms
 * it again, or is handed READY by the unblock that follows: no wait is left without interest. Writes and dials are
 * not re-armed: a writable socket would fire at every selection.
 *
 * <h2>Who polls</h2>
 * NIO runs one selection at a time per selector. A poll without delay ({@code poll(0)}: findRunnable, sysmon,
 * startTheWorld) only tries the poll lock, and gives up when someone holds it: that poller delivers what is
 * ready. Only one M blocks in the poll (the scheduler's {@code lastpoll} exchange decides which), with the lock
 * held.
 *
 * <h2>Closed sockets</h2>
 * NIO releases a registered channel's descriptor only when a selection removes its cancelled key. A close
 * therefore asks for a flush ({@link #flushClosed}): it polls at once if nobody does, else leaves the request to
 * the poller, which polls once more before it lets go of the lock and looks at the request again after: a
 * request set before a failed look at the lock is seen by that lock's holder. Nobody ever waits for the lock
 * without holding an M: goroutines only try it, and run pinned (see pinIfVirtual).
 *
 * <pre>
 * field          writer                                 others                          mode
 * selector       first open (lazily, under openLock)    everyone                        volatile, then final
 * waiters        commit (+1), ready (-1)                the scheduler's poll decisions  atomic (Go: netpollWaiters)
 * blocked        the blocking poller, around select     arm, netpollBreak              volatile
 * wakeSig        netpollBreak sets, every poll clears   -                               atomic (Go: netpollWakeSig)
 *                after its selection (under pollLock)
 * flushWanted    flushClosed sets, poller clears        -                               volatile
 * closed         shutdown, under openLock               open                            under openLock
 * </pre>
 */
public final class NetPoll implements PollDesc.Host {
    private final Sched sched;
    private final Object openLock = new Object();
    private volatile Selector selector;
    private boolean closed;
    private final ReentrantLock pollLock = new ReentrantLock();
    /** Goroutines parked in a PollDesc (Go: netpollWaiters). */
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile boolean blocked;
    private final AtomicBoolean wakeSig = new AtomicBoolean();
    private volatile boolean flushWanted;
    private final ParkUnlock commit = this::commit;

    public NetPoll(Sched sched) {
        this.sched = sched;
    }

    /** Whether any socket was ever opened (Go: netpollinited). */
    public boolean inited() {
        return selector != null;
    }

    /** Goroutines waiting in the poller now (Go: netpollWaiters). */
    public int waiters() {
        return waiters.get();
    }

    /**
     * Registers ch (made non-blocking here) with the poller; readOp is what a read waits for (OP_READ, or
     * OP_ACCEPT for a listener). Go: poll_runtime_pollOpen.
     *
     * @throws IOException if the runtime has ended, or NIO refuses the channel
     */
    public PollDesc open(SelectableChannel ch, int readOp) throws IOException {
        Selector s = selector();
        ch.configureBlocking(false);
        boolean pinned = pinIfVirtual();
        try {
            SelectionKey key = ch.register(s, 0);           // no interest: it cannot fire before the attach
            PollDesc pd = new PollDesc(this, key, readOp);
            key.attach(pd);
            return pd;
        } finally {
            unpinIf(pinned);
        }
    }

    /**
     * NIO's selector guards its key sets and interest updates with monitors of its own, which the polling M may
     * hold. A goroutine that waits for one must block its M, as Go's runtime locks block the M, and not unmount in
     * the middle of the poller: on a goroutine's virtual thread every call into the selector runs pinned. (A
     * goroutine that unmounted while holding the poll lock, with both Ps' goroutines waiting for that lock, hung
     * NetEchoTest.) True if it pinned.
     */
    public static boolean pinIfVirtual() {
        if (Thread.currentThread().isVirtual()) {
            Continuation.pin();
            return true;
        }
        return false;
    }

    /** Ends a {@link #pinIfVirtual} that returned pinned. */
    public static void unpinIf(boolean pinned) {
        if (pinned) {
            Continuation.unpin();
        }
    }

    private Selector selector() throws IOException {
        Selector s = selector;
        if (s != null) {
            return s;
        }
        synchronized (openLock) {
            if (closed) {
                throw new IOException("the gort runtime has ended: no new sockets");
            }
            if (selector == null) {
                selector = Selector.open();
            }
            return selector;
        }
    }

    /** The poller's state for dumps: waiters, whether a poll blocks, registered sockets. */
    @Override
    public String toString() {
        Selector s = selector;
        return "netpoll: waiters=" + waiters.get() + " blocked=" + blocked + " wakeSig=" + wakeSig.get()
                + " polling=" + pollLock.isLocked() + " sockets=" + (s == null || !s.isOpen() ? 0 : s.keys().size());
    }

    // ------------------------------------------------------------------------------------ PollDesc.Host

    @Override
    public void arm(PollDesc pd, int op) {
        boolean pinned = pinIfVirtual();
        try {
            if ((pd.key.interestOpsOr(op) & op) == op) {
                return;                                      // still armed from an earlier wait
            }
            if (blocked) {
                netpollBreak();                              // the blocked selection must see the new interest
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile: the waiter finds ERR_CLOSING
        } finally {
            unpinIf(pinned);
        }
    }

    @Override
    public void park(PollDesc.Waiter w) {
        M mp = Goroutines.goroutineM("netpollblock");
        mp.sched.goroutines.gopark(mp, commit, w, "IO wait");
    }

    private boolean commit(G gp, Object waiter) {
        if (((PollDesc.Waiter) waiter).commit(gp)) {
            waiters.incrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public void ready(Object parked) {
        waiters.decrementAndGet();
        sched.goroutines.goready(M.current(), (G) parked);
        if (waiters.get() == 0 && blocked) {
            netpollBreak();                                  // the blocked poller waits for nobody now: see poll
        }
    }

    @Override
    public Timers timers() {
        return sched.timers;
    }

    // ------------------------------------------------------------------------------------ the scheduler's side

    /**
     * The goroutines (still _Gwaiting) whose sockets became ready, waiting up to delayNanos for one: 0 does not
     * wait (and returns nothing if another poll is under way), a negative delay waits until readiness or
     * {@link #netpollBreak}. The caller makes them runnable (injectglist). Go: netpoll(delay).
     */
    public List<G> poll(long delayNanos) {
        Selector s = selector;
        if (s == null) {
            return List.of();
        }
        boolean pinned = pinIfVirtual();
        try {
            return select(s, delayNanos);
        } finally {
            unpinIf(pinned);
        }
    }

    private List<G> select(Selector s, long delayNanos) {
        if (delayNanos == 0) {
            if (!pollLock.tryLock()) {
                return List.of();                            // the holder delivers (and flushes: see flushClosed)
            }
        } else {
            pollLock.lock();
        }
        List<Object> ready = new ArrayList<>();
        Consumer<SelectionKey> onReady = key -> fired(key, ready);
        try {
            if (delayNanos == 0) {
                s.selectNow(onReady);
            } else {
                blocked = true;
                try {
                    if (waiters.get() > 0 || delayNanos > 0) {
                        s.select(onReady, delayNanos < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)));
                    }
                } finally {
                    blocked = false;
                }
            }
            while (flushWanted) {
                flushWanted = false;
                s.selectNow(onReady);
            }
        } catch (ClosedSelectorException e) {
            return List.of();                                // the runtime ended meanwhile
        } catch (IOException e) {
            throw new FatalError("runtime: netpoll failed: " + e, e);
        } finally {
            // Every selection, selectNow too, consumes a pending wakeup: the signal must not outlive it, or the
            // next blocked poll would ignore every netpollBreak.
            wakeSig.set(false);
            pollLock.unlock();
        }
        // A close that asked for a flush after the last look, and found the lock taken, left it to this poller.
        while (flushWanted && pollLock.tryLock()) {
            try {
                while (flushWanted) {
                    flushWanted = false;
                    s.selectNow(onReady);
                }
            } catch (ClosedSelectorException e) {
                break;
            } catch (IOException e) {
                throw new FatalError("runtime: netpoll failed: " + e, e);
            } finally {
                wakeSig.set(false);
                pollLock.unlock();
            }
        }
        if (ready.isEmpty()) {
            return List.of();
        }
        List<G> out = new ArrayList<>(ready.size());
        for (Object o : ready) {
            out.add((G) o);
        }
        waiters.addAndGet(-out.size());
        return out;
    }

    /**
     * A key fired: disarm what fired (one-shot), collect its waiters, and re-arm the read side if a goroutine was
     * parked on it: that goroutine reads, and most likely waits again, and then finds its interest still armed
     * and need not break a blocked poll (see "Re-arming reads"). Go: netpoll's loop over the events.
     */
    private static void fired(SelectionKey key, List<Object> ready) {
        PollDesc pd = (PollDesc) key.attachment();
        int ops;
        try {
            ops = key.readyOps();
            key.interestOpsAnd(~ops);
        } catch (CancelledKeyException e) {
            ops = SelectionKey.OP_READ | SelectionKey.OP_WRITE;  // closed: wake both, they find ERR_CLOSING
        }
        int readOps = ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        if (readOps != 0) {
            Object gp = pd.unblock(PollDesc.READ, true);
            if (gp != null) {
                ready.add(gp);
                rearm(key, readOps);
            }
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            Object gp = pd.unblock(PollDesc.WRITE, true);
            if (gp != null) {
                ready.add(gp);
            }
        }
    }

    private static void rearm(SelectionKey key, int ops) {
        try {
            key.interestOpsOr(ops);
        } catch (CancelledKeyException e) {
            // closed meanwhile: the woken reader finds ERR_CLOSING
        }
    }

    /**
     * Wakes a poll blocked in {@link #poll}, if one is (or is about to be); repeated calls before it wakes cost
     * nothing. Any thread. Go: netpollBreak.
     */
    public void netpollBreak() {
        Selector s = selector;
        if (s != null && wakeSig.compareAndSet(false, true)) {
            boolean pinned = pinIfVirtual();
            try {
                s.wakeup();
            } finally {
                unpinIf(pinned);
            }
        }
    }

    /**
     * A registered channel was closed: make a selection remove its key, so that NIO closes its descriptor. Polls
     * now if nobody polls (and readies what that finds), else leaves it to the poller. Go has nothing to do here:
     * its close(2) is immediate.
     */
    public void flushClosed() {
        if (selector == null) {
            return;
        }
        flushWanted = true;                                  // published before the look at the lock (see poll)
        if (blocked) {
            netpollBreak();                                  // the blocked poller flushes when it wakes
            return;
        }
        List<G> list = poll(0);                              // flushes now, or the poller holding the lock does
        if (!list.isEmpty()) {
            sched.goroutines.injectglist(M.current(), list);
        }
    }

    /**
     * The runtime has ended: closes every socket still registered and the selector, so that no descriptor of
     * this runtime outlives it (Go's process exit closes them). Called once every M has stopped.
     */
    public void shutdown() {
        Selector s;
        synchronized (openLock) {
            closed = true;
            s = selector;
        }
        if (s == null) {
            return;
        }
        try {
            for (SelectionKey key : s.keys()) {
                if (key.attachment() instanceof PollDesc pd) {
                    pd.evict();
                }
                try {
                    key.channel().close();
                } catch (IOException e) {
                    // the runtime is gone: nobody to tell; the descriptor is released either way
                }
            }
            s.close();
        } catch (ClosedSelectorException e) {
            // already closed
        } catch (IOException e) {
            throw new UncheckedIOException("gort: closing the network poller failed", e);
        }
    }
}
