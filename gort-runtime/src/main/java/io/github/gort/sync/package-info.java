/**
 * Go's {@code sync} package for goroutines: {@link io.github.gort.sync.Mutex} (with Go's starvation mode), {@link
 * io.github.gort.sync.RWMutex}, {@link io.github.gort.sync.WaitGroup}, {@link io.github.gort.sync.Once} and {@link
 * io.github.gort.sync.Cond}. Every wait parks the goroutine and frees its M and P (never a JDK lock); misuse that
 * Go treats as fatal ({@code sync: unlock of unlocked mutex}, a negative WaitGroup counter) is fatal here too.
 * Called from goroutines only.
 */
package io.github.gort.sync;
