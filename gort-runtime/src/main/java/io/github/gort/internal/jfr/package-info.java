/**
 * The runtime's JFR events, under the names {@code io.github.gort.*}: {@code StopTheWorld}, {@code ForEachP},
 * {@code GcCycle}, {@code LongRunningGoroutine}, {@code SyscallLostP}. Each event class carries the static hooks
 * its call sites use (one line each in World, SafePoint, GcCycle, Sysmon, Goroutines); while JFR does not record
 * an event, its hook returns after one {@code isEnabled} check.
 */
package io.github.gort.internal.jfr;
