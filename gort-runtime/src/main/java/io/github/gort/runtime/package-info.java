/**
 * Goroutines for Java programs: the runtime ({@link io.github.gort.runtime.GoRuntime}, {@link
 * io.github.gort.runtime.Config}), Go's built-ins ({@link io.github.gort.runtime.Go}: {@code go}, Gosched,
 * GOMAXPROCS, system calls), channels and select ({@link io.github.gort.runtime.Chan}, {@link
 * io.github.gort.runtime.Select}), time ({@link io.github.gort.runtime.Time}, {@link io.github.gort.runtime.Timer},
 * {@link io.github.gort.runtime.Ticker}), Java futures ({@link io.github.gort.runtime.Futures}) and how a program
 * ends ({@link io.github.gort.runtime.GoPanic}, {@link io.github.gort.runtime.FatalError}).
 *
 * <p>Everything here except {@code GoRuntime}, {@code Config} and {@code Go.inGoroutine} is called from a
 * goroutine; from any other thread it throws an {@link java.lang.IllegalStateException} that says so. Nothing
 * here hands out a G, an M or a P: the scheduler's machinery lives in packages this module does not export.
 */
package io.github.gort.runtime;
