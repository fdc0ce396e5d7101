package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.ParkUnlock;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Select;

/**
 * The run state of one {@link Select} for one goroutine, reused from run to run (Go: select.go selectgo, sellock,
 * selunlock, selparkcommit). Go keeps this state in selectgo's frame and takes sudogs from a per-P cache; gort keeps
 * it here, so a Select that a goroutine runs in a loop allocates nothing per run. It is also the
 * {@link SelectGroup} its sudogs share.
 *
 * <h2>Protocol</h2>
 * <ol>
 * <li>pollorder: the cases with a non-nil channel, shuffled uniformly (Go: cheaprandn per swap), so that among
 *     ready cases each is chosen with equal probability. A select with a single such case is a plain channel
 *     operation (Go's compiler makes the same rewrite: selectnbsend, selectnbrecv, chansend1, chanrecv1).
 * <li>lockorder: one case per distinct channel, sorted by channel id, computed once for the case set; every
 *     channel is locked once in that order, so two selects never deadlock on each other's locks. As in Go, both
 *     orders live in one array: {@code order[0, nlive)} is pollorder, {@code order[nlive, nlive + nlock)} lockorder.
 * <li>Pass 1, in pollorder: the first ready case completes (a waiting partner, buffer data/room, or a closed
 *     channel) and everything is unlocked. Else, with a default case, unlock and return -1.
 * <li>Pass 2: each case's sudog (one per case, made at the first blocking run and kept, linked through
 *     {@code waitlink} as Go's gp.waiting list), all sharing this group, goes on its channel's queue, in pollorder;
 * the goroutine
 *     parks and gopark's unlock callback unlocks every channel (selparkcommit).
 * <li>A waker dequeues one of the sudogs, wins {@code claim()} (losers are skipped by every dequeue), completes the
 *     communication into that sudog, records it in {@code fired}, and readies the goroutine.
 * <li>Pass 3: relock, unlink the other sudogs from their queues, unlock; report the fired case. The fired case's
 *     channel is left unlocked when no other case uses it: its sudog is off the queue already, and its waker
 *     released that lock before readying us.
 * </ol>
 *
 * <h2>Why reuse is safe</h2>
 * A sudog or the group is touched by others only while a sudog is on a wait queue (under that channel's lock) and
 * by the one waker that won the claim, until it has read {@code sg.g} to ready us. Pass 3 runs after that
 * goready, takes the lock of every channel where a sudog of ours may still be queued and unlinks it; a loser that
 * a waker dequeued was dropped inside that waker's critical section. So once pass 3 unlocks, nobody else holds a
 * reference, and the
 * next run may reset and enqueue the same objects.
 *
 * <pre>
 * field                          writer                                 others                         mode
 * owner, chans, kinds, elems,    constructor                            -                              final
 *  ncases, nlive, nlock, order
 *  (lockorder part)
 * order[0, nlive) (pollorder)    owner, at the start of each run        -                              plain
 * waiting, sg.waitlink,          owner, at the first blocking run       -                              plain
 *  sudogOfCase
 * the sudogs' other fields       see Sudog (wakers under the lock)      wakers, under the lock         plain
 * done, fired (SelectGroup)      owner resets before each pass 2        wakers: CAS done, set fired    see SelectGroup
 * recvValue, recvOk              owner                                  -                              plain
 * </pre>
 * Invariant: outside pass 2 and the park (from the first enqueue to the end of pass 3), no sudog of this state is
 * on any wait queue.
 */
public final class SelectImpl extends SelectGroup {
    public static final byte RECV = 1;
    /** A receive case that reports whether the value came from a send (Go: {@code v, ok := <-c}). */
    public static final byte RECV_OK = 2;
    public static final byte SEND = 3;

    private static final ParkUnlock SELPARKCOMMIT = (gp, sel) -> {
        ((SelectImpl) sel).selunlock();
        return true;
    };

    /** The goroutine (G struct) this state belongs to; only it may run with it. */
    public final G owner;
    private final HChan[] chans;       // per case; null = nil channel (never ready)
    private final byte[] kinds;
    private final Object[] elems;      // value to send, per case
    private final int ncases;
    /** The number of cases with a non-nil channel (Go omits the others). */
    private final int nlive;
    /** The number of distinct channels among them. */
    private final int nlock;
    /** pollorder (this run's random order of the live cases), then lockorder. Go: selectgo's order0. */
    private final int[] order;
    /** The cases' sudogs in case order, linked through waitlink; made when the first run blocks. Go: gp.waiting. */
    private Sudog waiting;
    /** The same sudogs indexed by case, for pass 2's enqueue in pollorder. */
    private Sudog[] sudogOfCase;
    /** After a receive case fired: the value, and whether it came from a send. */
    public Object recvValue;
    public boolean recvOk;

    /** Run state for the cases chans/kinds/elems[0..ncases) (a Select's arrays, not copied), owned by owner. */
    public SelectImpl(HChan[] chans, byte[] kinds, Object[] elems, int ncases, G owner) {
        this.owner = owner;
        this.chans = chans;
        this.kinds = kinds;
        this.elems = elems;
        this.ncases = ncases;
        int n = 0;
        for (int i = 0; i < ncases; i++) {
            if (chans[i] != null) {
                n++;
            }
        }
        nlive = n;
        order = new int[2 * n];
        nlock = sortLockorder();
    }

    /**
     * Runs the select and returns the index of the case that completed, or -1 if none was ready and
     * {@code mode} is NONBLOCK (the default case). Caller is {@link #owner}, running on mp. Go: select.go selectgo.
     *
     * @throws IllegalStateException "send on closed channel" if the chosen send case's channel is closed
     */
    public int selectgo(M mp, HChan.Mode mode) {
        int npoll = nlive;
        if (npoll == 0) {
            if (mode == HChan.Mode.NONBLOCK) {
                return -1;
            }
            Goroutines.blockForever(mp, "select (no cases)");
        }
        int[] pollorder = order;
        for (int i = 0, k = 0; i < ncases; i++) {        // inside-out Fisher-Yates: a uniform permutation
            if (chans[i] != null) {
                int j = k == 0 ? 0 : mp.fastrandn(k + 1);
                pollorder[k] = pollorder[j];
                pollorder[j] = i;
                k++;
            }
        }
        if (npoll == 1) {
            return single(mp, pollorder[0], mode);
        }
        sellock();

        // Pass 1: look for a case that can go now.
        for (int k = 0; k < npoll; k++) {
            int casi = pollorder[k];
            HChan c = chans[casi];
            if (kinds[casi] != SEND) {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    recvValue = c.recvFromSenderLocked(sg);
                    recvOk = true;
                    selunlock();
                    c.parker.ready(mp, sg);
                    return casi;
                }
                Object v = c.tryBufRecvLocked();
                if (v != HChan.WOULD_BLOCK) {
                    recvValue = v;
                    recvOk = true;
                    selunlock();
                    return casi;
                }
                if (c.closed) {
                    recvValue = null;
                    recvOk = false;
                    selunlock();
                    return casi;
                }
            } else {
                if (c.closed) {
                    selunlock();
                    throw new IllegalStateException("send on closed channel");
                }
                Sudog sg = c.recvq.dequeue();
                if (sg != null) {
                    HChan.sendToReceiverLocked(sg, elems[casi]);
                    selunlock();
                    c.parker.ready(mp, sg);
                    return casi;
                }
                if (c.trySendLocked(elems[casi])) {
                    selunlock();
                    return casi;
                }
            }
        }
        if (mode == HChan.Mode.NONBLOCK) {
            selunlock();
            return -1;
        }

        // Pass 2: enqueue on every channel, then park; SELPARKCOMMIT unlocks once we are _Gwaiting.
        if (waiting == null) {
            waiting = newSudogs();
        }
        reset();                                           // published to wakers by the channel locks
        G gp = mp.curg;
        // In pollorder: two cases on one channel then queue in random order, so that a partner arriving later
        // picks either with equal chance (Go enqueues in lockorder, whose ties fall out of the shuffled pollorder;
        // TestPseudoRandomSend). Across different channels the order does not matter.
        for (int k = 0; k < npoll; k++) {
            Sudog sg = sudogOfCase[pollorder[k]];
            sg.g = gp;
            sg.success = false;
            if (kinds[sg.caseIndex] != SEND) {
                sg.elem = null;
                sg.c.recvq.enqueue(sg);
            } else {
                sg.elem = elems[sg.caseIndex];
                sg.c.sendq.enqueue(sg);
            }
        }
        mp.sched.goroutines.gopark(mp, SELPARKCOMMIT, this, "select");
        // From here mp is stale: the waker's M may be running us.

        // Pass 3: woken by the waker that claimed the group; unlink the other sudogs. The waker dequeued the fired
        // sudog and unlocked its channel before readying us; if no other case waits on that channel, it needs no
        // lock now (Go relocks every channel).
        Sudog sglist = fired;
        if (sglist == null) {
            throw new FatalError("selectgo: woken without a fired case");
        }
        HChan firedChan = nlock == nlive ? sglist.c : null;
        sellock(firedChan);
        for (Sudog sg = waiting; sg != null; sg = sg.waitlink) {
            if (sg != sglist) {
                if (kinds[sg.caseIndex] != SEND) {
                    sg.c.recvq.remove(sg);
                } else {
                    sg.c.sendq.remove(sg);
                    sg.elem = null;
                }
            }
        }
        selunlock(firedChan);
        int casi = sglist.caseIndex;
        boolean success = sglist.success;
        boolean send = kinds[casi] == SEND;
        if (!send) {
            recvOk = success;
            recvValue = success ? sglist.elem : null;
        }
        sglist.elem = null;                                // keep no value alive between runs
        fired = null;
        if (send && !success) {
            throw new IllegalStateException("send on closed channel");   // closed while we waited
        }
        return casi;
    }

    /** One sudog per live case, in case order, linked through waitlink. Go: acquireSudog per case in pass 2. */
    private Sudog newSudogs() {
        sudogOfCase = new Sudog[ncases];
        Sudog head = null;
        for (int casi = ncases - 1; casi >= 0; casi--) {
            if (chans[casi] != null) {
                Sudog sg = new Sudog();
                sg.group = this;
                sg.c = chans[casi];
                sg.caseIndex = casi;
                sg.waitlink = head;
                head = sg;
                sudogOfCase[casi] = sg;
            }
        }
        return head;
    }

    /** A select with one live case is that channel operation. Go: the compiler's rewrite of such selects. */
    private int single(M mp, int casi, HChan.Mode mode) {
        HChan c = chans[casi];
        if (kinds[casi] == SEND) {
            return c.chansend(mp, elems[casi], mode) == HChan.WOULD_BLOCK ? -1 : casi;
        }
        Object v = c.chanrecv(mp, mode);
        if (v == HChan.WOULD_BLOCK) {
            return -1;
        }
        recvOk = v != HChan.CLOSED;
        recvValue = recvOk ? v : null;
        return casi;
    }

    /** Locks each distinct channel in lock order. Go: select.go sellock. */
    private void sellock() {
        sellock(null);
    }

    /** Unlocks each distinct channel, last locked first. Go: select.go selunlock. */
    private void selunlock() {
        selunlock(null);
    }

    /** Locks each distinct channel but except (null: all), in lock order. */
    private void sellock(HChan except) {
        for (int k = nlive, end = nlive + nlock; k < end; k++) {
            HChan c = chans[order[k]];
            if (c != except) {
                c.lock.lock();
            }
        }
    }

    /** Unlocks what {@link #sellock(HChan)} locked, last locked first. */
    private void selunlock(HChan except) {
        for (int k = nlive + nlock - 1; k >= nlive; k--) {
            HChan c = chans[order[k]];
            if (c != except) {
                c.lock.unlock();
            }
        }
    }

    /**
     * Fills lockorder with one live case per distinct channel, by increasing channel id; returns how many.
     * Insertion sort: selects have few cases (Go uses a heap sort and skips duplicates while locking).
     */
    private int sortLockorder() {
        int base = nlive;
        int n = 0;
        for (int casi = 0; casi < ncases; casi++) {
            HChan c = chans[casi];
            if (c == null) {
                continue;
            }
            int j = n - 1;
            while (j >= 0 && chans[order[base + j]].id > c.id) {
                j--;
            }
            if (j >= 0 && chans[order[base + j]] == c) {
                continue;                                  // the same channel in several cases is locked once
            }
            System.arraycopy(order, base + j + 1, order, base + j + 2, n - j - 1);
            order[base + j + 1] = casi;
            n++;
        }
        return n;
    }
}
