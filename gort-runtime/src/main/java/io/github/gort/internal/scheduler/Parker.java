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
 */
public interface Parker {
    boolean park(Sudog sg, RuntimeLock lock, String reason);

    void ready(Sudog sg);
}
