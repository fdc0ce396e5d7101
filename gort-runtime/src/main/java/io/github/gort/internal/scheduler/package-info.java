/**
 * The scheduler and its protocols (Go: proc.go, runtime2.go, time.go's timer heap): G, M and P; the M loop
 * ({@link io.github.gort.internal.scheduler.MLoop}: schedule, findRunnable, stealWork, execute); goroutine
 * creation, parking and readying ({@link io.github.gort.internal.scheduler.Goroutines}); Ps handed to Ms and Ms to
 * sleep ({@link io.github.gort.internal.scheduler.Handoff}); system calls ({@link
 * io.github.gort.internal.scheduler.Syscall}); safe points ({@link io.github.gort.internal.scheduler.SafePoint});
 * stop-the-world and procresize ({@link io.github.gort.internal.scheduler.World}); sysmon; exit and checkdead; the
 * run queues; P-local data ({@link io.github.gort.internal.scheduler.PLocal}); the runtime's locks and notes.
 *
 * <p>Not exported. The API packages call in with the goroutine's M; the other internal packages use {@code
 * gopark}/{@code goready}, P-local slots and {@code forEachP}. {@link
 * io.github.gort.internal.scheduler.RuntimeAccess} is how gort's own packages reach the state behind an API
 * object. The rules on who may touch which field are in each class's field table and in docs/HACKING.md.
 */
package io.github.gort.internal.scheduler;
