package io.github.gort.internal.scheduler;

/**
 * What the M loop runs on g0 for the G that has just yielded to it: the function Go passes to {@code mcall}
 * (park_m, gosched_m, goyield_m, gopreempt_m, exitsyscall0; goexit0 for a G whose function returned). Returns a
 * G to run at once on mp (a cancelled park, a syscall exit that took a P), or null to schedule.
 *
 * <p>Each target is one instance, made once per runtime next to the method it calls ({@link Goroutines},
 * {@link Syscall}); a switch stores a reference and allocates nothing.
 */
@FunctionalInterface
interface McallFn {
    G run(M mp, G gp);
}
