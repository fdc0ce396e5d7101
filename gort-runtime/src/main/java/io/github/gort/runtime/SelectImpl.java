package io.github.gort.runtime;

/**
 * One run of a select statement (Go: select.go selectgo, sellock, selunlock, selparkcommit).
 *
 * <h2>Protocol</h2>
 * <ol>
 * <li>pollorder: the cases with a non-nil channel, shuffled uniformly (Go: cheaprandn per swap), so that among
 *     ready cases each is chosen with equal probability.
 * <li>lockorder: the same cases sorted by channel id; every channel is locked once in that order (a channel in
 *     several cases is locked once), so two selects never deadlock on each other's locks.
 * <li>Pass 1, in pollorder: the first ready case completes (a waiting partner, buffer data/room, or a closed
 *     channel) and everything is unlocked. Else, with a default case, unlock and return -1.
 * <li>Pass 2, in lockorder: one sudog per case, all sharing one {@link SelectGroup}, goes on its channel's queue;
 *     the goroutine parks and gopark's unlock callback unlocks every channel (selparkcommit).
 * <li>A waker dequeues one of the sudogs, wins {@code group.claim()} (losers are skipped by every dequeue),
 *     completes the communication into that sudog, records it in {@code group.fired}, and readies the goroutine.
 * <li>Pass 3: relock all, unlink the other sudogs from their queues, unlock; report the fired case.
 * </ol>
 * Fields are touched only by the selecting goroutine (and its M loop while it parks); the sudogs follow
 * {@link Sudog}'s table.
 */
final class SelectImpl {
    static final int SEND = 1;
    static final int RECV = 2;

    private final HChan[] chans;       // per case; null = nil channel (never ready)
    private final int[] kinds;
    private final Object[] elems;      // value to send, per case
    private final int ncases;
    private int[] lockorder;
    private int nlocked;
    /** After a receive case fired: the value, and whether it came from a send. */
    Object recvValue;
    boolean recvOk;

    private static final ParkUnlock SELPARKCOMMIT = (gp, sel) -> {
        ((SelectImpl) sel).selunlock();
        return true;
    };

    SelectImpl(HChan[] chans, int[] kinds, Object[] elems, int ncases) {
        this.chans = chans;
        this.kinds = kinds;
        this.elems = elems;
        this.ncases = ncases;
    }

    /**
     * Runs the select and returns the index of the case that completed, or -1 if none was ready and
     * {@code mode} is NONBLOCK (the default case). Caller runs a goroutine. Go: select.go selectgo.
     *
     * @throws IllegalStateException "send on closed channel" if the chosen send case's channel is closed
     */
    int selectgo(HChan.Mode mode) {
        M mp = Park.goroutineM("Select.run");
        Park.checkPreempt(mp);
        mp = M.current();
        int[] pollorder = new int[ncases];
        int npoll = 0;
        for (int i = 0; i < ncases; i++) {
            if (chans[i] == null) {
                continue;                                     // Go: a nil channel's case is omitted
            }
            int j = mp.fastrandn(npoll + 1);                  // inside-out Fisher-Yates: uniform permutation
            pollorder[npoll] = pollorder[j];
            pollorder[j] = i;
            npoll++;
        }
        if (npoll == 0) {
            if (mode == HChan.Mode.NONBLOCK) {
                return -1;
            }
            Chan.blockForever("select (no cases)");
        }
        lockorder = new int[npoll];
        System.arraycopy(pollorder, 0, lockorder, 0, npoll);
        sortByChannelId(lockorder);
        sellock();

        // Pass 1: look for a case that can go now.
        for (int k = 0; k < npoll; k++) {
            int casi = pollorder[k];
            HChan c = chans[casi];
            if (kinds[casi] == RECV) {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    recvValue = c.recvFromSenderLocked(sg);
                    recvOk = true;
                    selunlock();
                    c.parker.ready(sg);
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
                    c.parker.ready(sg);
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
        SelectGroup group = new SelectGroup();
        Sudog[] sgs = new Sudog[ncases];
        G gp = mp.curg;
        for (int casi : lockorder) {
            Sudog sg = new Sudog();
            sg.g = gp;
            sg.group = group;
            sg.c = chans[casi];
            sg.caseIndex = casi;
            sgs[casi] = sg;
            if (kinds[casi] == RECV) {
                sg.c.recvq.enqueue(sg);
            } else {
                sg.elem = elems[casi];
                sg.c.sendq.enqueue(sg);
            }
        }
        mp.sched.park.gopark(mp, SELPARKCOMMIT, this, "select");

        // Pass 3: woken by the waker that claimed the group; unlink the other sudogs.
        sellock();
        Sudog fired = group.fired;
        if (fired == null) {
            selunlock();
            throw new FatalError("selectgo: woken without a fired case");
        }
        for (int casi : lockorder) {
            Sudog sg = sgs[casi];
            if (sg == fired) {
                continue;
            }
            if (kinds[casi] == RECV) {
                sg.c.recvq.remove(sg);
            } else {
                sg.c.sendq.remove(sg);
            }
        }
        selunlock();
        int casi = fired.caseIndex;
        if (kinds[casi] == RECV) {
            recvOk = fired.success;
            recvValue = fired.success ? fired.elem : null;
        } else if (!fired.success) {
            throw new IllegalStateException("send on closed channel");   // closed while we waited
        }
        return casi;
    }

    /** Locks each distinct channel in lockorder. Go: select.go sellock. */
    private void sellock() {
        HChan prev = null;
        for (int casi : lockorder) {
            HChan c = chans[casi];
            if (c != prev) {
                c.lock.lock();
                prev = c;
            }
        }
        nlocked = lockorder.length;
    }

    /** Unlocks each distinct channel, last locked first. Go: select.go selunlock. */
    private void selunlock() {
        for (int k = nlocked - 1; k >= 0; k--) {
            HChan c = chans[lockorder[k]];
            if (k > 0 && chans[lockorder[k - 1]] == c) {
                continue;                                      // locked once; unlock at its first position
            }
            c.lock.unlock();
        }
        nlocked = 0;
    }

    /** Insertion sort by channel id; selects have few cases (Go uses a heap sort). */
    private void sortByChannelId(int[] order) {
        for (int i = 1; i < order.length; i++) {
            int x = order[i];
            long id = chans[x].id;
            int j = i - 1;
            while (j >= 0 && chans[order[j]].id > id) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }
}
