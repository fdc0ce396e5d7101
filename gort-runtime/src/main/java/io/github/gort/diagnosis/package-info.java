/**
 * Switches that exist only to reproduce and diagnose runtime bugs, for {@code gort repro} and gort's tests:
 * golang/go#11640's legacy syscall order ({@link io.github.gort.diagnosis.SyscallOrder}) and the pause points that
 * widen its windows ({@link io.github.gort.diagnosis.Issue11640Windows}), dispose logs, the scheduler invariant
 * check, raw forEachP and stop-the-world ({@link io.github.gort.diagnosis.Diagnosis}), and the fatal error a broken
 * workbuf list raises ({@link io.github.gort.diagnosis.WorkbufListViolation}). The module exports this package to
 * {@code io.github.gort.cli} only: none of it belongs in a program.
 */
package io.github.gort.diagnosis;
