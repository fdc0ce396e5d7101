package io.github.gort.internal.scheduler;

import io.github.gort.internal.chan.Sudog;

/**
 * How a blocked channel or semaphore operation waits and how its waker readies it. Production code uses
 * {@link GoParker} (gopark/goready). Model tests plug in parkers for plain threads, so Lincheck runs the real
 * channel protocol (locks, wait queues, direct handoff, close) without a scheduler.
 *
 * <p>Contract: {@link #park} is called with {@code lock} held and {@code sg} already on a wait queue; it must
 * release {@code lock} exactly once. It returns true once the waiter was readied (sg.success/elem are final then),
 * or false if the operation stays pending (model tests only). {@link #ready} is called once per dequeued sudog,
 * after the waker released the lock.
 *
 * <p>{@code mp} is the M the caller runs on, found once at the API edge (the {@link M#current()} of a thread that
 * is not an M: null, or a model's played M); model parkers ignore it. After {@link #park} returns, the caller may
 * run on another M and must not use mp again.
 */
public interface Parker {
    boolean park(M mp, Sudog sg, RuntimeLock lock, String reason);

    void ready(M mp, Sudog sg);
}
