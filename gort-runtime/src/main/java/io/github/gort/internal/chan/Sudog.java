package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.Parker;

/**
 * A waiter on a channel, a semaphore or a notify list: one goroutine blocked in one operation (Go: runtime2.go,
 * type sudog). A select enqueues one sudog per case, all sharing one {@link SelectGroup}.
 *
 * <pre>
 * field      writer                                              reader                       mode
 * g          the waiter, before its queue's lock is released      the waker, under that lock   plain
 * elem       waiter (value to send); waker (value received)       the other side               plain, published by
 *                                                                                                the lock or goready
 * success    the waker, before ready                              the waiter after it wakes    plain, as elem
 * ticket     Sema/NotifyList waker (handoff), under the lock      the waiter after it wakes    plain, as elem
 * next,prev  holder of the queue's lock                           -                            under that lock
 * group      the select goroutine, before enqueueing              wakers (CAS on group.done)   final after enqueue
 * c,         the select goroutine, when it makes the sudog        the select goroutine         plain
 *  caseIndex,
 *  waitlink
 * readied    model-test parkers only                              the spinning test thread     volatile
 * </pre>
 * Invariant: a sudog is on at most one queue; once dequeued by a waker (who won {@code group.done} for a select)
 * exactly one {@link Parker#ready} call follows for its waiter, and the waker does not touch the sudog after
 * reading {@code g} for that call (a select reuses its sudogs from run to run, see {@link SelectImpl}).
 */
public final class Sudog {
    /** The parked goroutine; null for the waiters of model tests (plain threads). */
    public G g;
    /** Value being sent, or the slot a sender fills for a parked receiver. */
    Object elem;
    /** True if woken by a communication, false if woken because the channel was closed. Go: sudog.success. */
    boolean success;
    /** Sema and NotifyList: the value of a handoff (Sema) or the wait ticket (NotifyList). Go: sudog.ticket. */
    long ticket;
    /** The channel this sudog waits on (select cases); null for semaphores. Go: sudog.c. */
    HChan c;
    Sudog next;
    Sudog prev;
    /** The select this case belongs to, or null for a plain send/receive. Go: sudog.isSelect + g.selectDone. */
    SelectGroup group;
    /** The select case index this sudog stands for. */
    int caseIndex;
    /** The next sudog of the same select (its cases in order). Go: sudog.waitlink (the g.waiting list). */
    Sudog waitlink;
    /** Set by model-test parkers when {@link Parker#ready} ran. */
    public volatile boolean readied;

    Sudog() {}

    Sudog(Object elem) {
        this.elem = elem;
    }
}
