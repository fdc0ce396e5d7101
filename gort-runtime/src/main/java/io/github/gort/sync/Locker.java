package io.github.gort.sync;

/** Something that can be locked and unlocked, such as {@link Mutex}. Go: sync.Locker. */
public interface Locker {
    void lock();

    void unlock();
}
