package io.github.gort.diagnosis;

/**
 * Where reentersyscall runs a pending safe-point function relative to publishing {@code _Psyscall}.
 *
 * <p>{@link #FIXED} is Go's order since the seed commit ("runtime: run safe-point function before entering
 * _Psyscall"). {@link #LEGACY_UNSAFE} is the order before it, kept ONLY to show the bug (tests, the model
 * checker, {@code gort repro 11640 --order legacy}): the function, which may dispose the P's gcWork, then runs
 * on a P that another M may already own. Never use it for anything else; nothing depends on it.
 */
public enum SyscallOrder {
    /** Run the safe-point function while the M still owns the P, then publish {@code _Psyscall}. */
    FIXED,
    /** UNSAFE, diagnosis only: publish {@code _Psyscall}, then run the safe-point function (Go before #11640). */
    LEGACY_UNSAFE
}
