package io.github.gort.internal.netpoll;

import io.github.gort.internal.scheduler.Timers;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The read side of one socket over the real {@link PollDesc}, for {@link PollDescLincheckTest}: a reader runs
 * NetFD.read's loop (prepare, take a byte if one is there, else await and try again), the poller delivers
 * readiness after a byte arrived (PollDesc.ready, then readying what it returned), a deadline passes (setDeadline
 * with an instant already passed: no timer), and the descriptor closes (evict). The reader is a plain thread that
 * spins in {@link SpinHost#park} until readied, which Lincheck treats as blocking: a lost wake-up is a hang the
 * checker reports.
 *
 * <p>No hang is legitimate: reads are one thread's ({@code nonParallelGroup}), every other operation is a waker
 * (a byte for one read, or a deadline or close that ends every read), and each other thread has as many
 * operations as the reader. Outcomes depend on the interleaving, so the checks are not a sequential
 * specification (Lincheck would accept any result a sequential run gives, HACKING.md trap 4): each read checks
 * its outcome against what had happened when it started and ended, and {@link #conserved} checks the state after
 * every interleaving.
 *
 * <pre>
 * field                           writer                       others            mode
 * data, produced, consumed        dataArrives (+), read (-)    read, validate    atomic
 * expireStarted/Done,             deadlinePasses               read              atomic
 * evictStarted/Done               close                        read              atomic
 * Token.readied                   SpinHost.ready               the parked reader volatile
 * </pre>
 */
public class PollDescModel {
    /** What a parked reader publishes in its waiter, and spins on until readied. */
    static final class Token {
        volatile boolean readied;
    }

    /** The host of the real protocol: publishes with {@link PollDesc.Waiter#commit}, as NetPoll's gopark does. */
    static class SpinHost implements PollDesc.Host {
        @Override
        public void arm(PollDesc pd, int op) {
            // no selector: the dataArrives operation is the poller
        }

        @Override
        public void park(PollDesc.Waiter w) {
            Token t = new Token();
            if (!publish(w, t)) {
                return;                                  // readiness or an error came first: park cancelled
            }
            while (!t.readied) {
                Thread.onSpinWait();
            }
        }

        /** Publishes t in place of WAIT; false cancels the park. */
        boolean publish(PollDesc.Waiter w, Token t) {
            return w.commit(t);
        }

        @Override
        public void ready(Object parked) {
            Token t = (Token) parked;
            if (t.readied) {
                throw new IllegalStateException("a parked reader readied twice");
            }
            t.readied = true;
        }

        @Override
        public Timers timers() {
            throw new IllegalStateException("the model sets only deadlines already passed: no timer may be armed");
        }
    }

    private final SpinHost host;
    private final PollDesc pd;
    private final AtomicInteger data = new AtomicInteger();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger consumed = new AtomicInteger();
    private final AtomicBoolean expireStarted = new AtomicBoolean();
    private final AtomicBoolean expireDone = new AtomicBoolean();
    private final AtomicBoolean evictStarted = new AtomicBoolean();
    private final AtomicBoolean evictDone = new AtomicBoolean();

    public PollDescModel() {
        this(new SpinHost());
    }

    PollDescModel(SpinHost host) {
        this.host = host;
        pd = new PollDesc(host, null, SelectionKey.OP_READ);     // no key: interestOp(READ) is readOp alone
    }

    /** NetFD.read: returns OK once it took a byte, else the error that ended the wait. */
    @Operation(nonParallelGroup = "reader")
    public void read() {
        boolean closedBefore = evictDone.get();
        boolean expiredBefore = expireDone.get();
        int r = readLoop();
        if (r == PollDesc.ERR_CLOSING && !evictStarted.get()) {
            throw new IllegalStateException("read failed with ERR_CLOSING before any close");
        }
        if (r == PollDesc.ERR_TIMEOUT && !expireStarted.get()) {
            throw new IllegalStateException("read failed with ERR_TIMEOUT before any deadline passed");
        }
        if (closedBefore && r != PollDesc.ERR_CLOSING) {
            throw new IllegalStateException("read after the close returned " + r + ", want ERR_CLOSING");
        }
        if (expiredBefore && r == PollDesc.OK) {
            throw new IllegalStateException("read after the deadline passed returned OK, want an error");
        }
    }

    private int readLoop() {
        int err = pd.prepare(PollDesc.READ);
        if (err != PollDesc.OK) {
            return err;
        }
        while (true) {
            if (takeByte()) {
                return PollDesc.OK;
            }
            err = pd.await(PollDesc.READ);
            if (err != PollDesc.OK) {
                return err;
            }
        }
    }

    private boolean takeByte() {
        while (true) {
            int n = data.get();
            if (n == 0) {
                return false;
            }
            if (data.compareAndSet(n, n - 1)) {
                consumed.incrementAndGet();
                return true;
            }
        }
    }

    /** A byte arrives and the poller sees the socket readable: NetPoll.fired's pd.ready, then goready. */
    @Operation
    public void dataArrives() {
        produced.incrementAndGet();
        data.incrementAndGet();
        List<Object> toRun = new ArrayList<>();
        pd.ready(PollDesc.READ, toRun);
        for (Object t : toRun) {
            host.ready(t);
        }
    }

    /** The read deadline is set to an instant already passed (Conn.setReadDeadline in the past). */
    @Operation
    public void deadlinePasses() {
        expireStarted.set(true);
        pd.setDeadline(1, PollDesc.READ);                // nanoTime 1: long passed
        expireDone.set(true);
    }

    /** The connection closes (NetFD.close's evict). */
    @Operation
    public void close() {
        evictStarted.set(true);
        pd.evict();
        evictDone.set(true);
    }

    @Validate
    public void conserved() {
        if (consumed.get() + data.get() != produced.get()) {
            throw new IllegalStateException("bytes: consumed " + consumed.get() + " + left " + data.get()
                    + " != produced " + produced.get());
        }
        Object state = pd.rg.get();
        if (state != null && state != PollDesc.READY) {
            throw new IllegalStateException("after every operation returned, the read waiter holds " + state
                    + ", want nil or pdReady");
        }
    }
}
