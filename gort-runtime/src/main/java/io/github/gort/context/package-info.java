/**
 * Go's {@code context} package for goroutines: {@link io.github.gort.context.Context} with {@code background},
 * {@code todo}, {@code withCancel}, {@code withDeadline}, {@code withTimeout} and {@code withValue}; a cancelled
 * parent reaches every derived context before {@code cancel()} returns, and {@code done()} is a
 * {@link io.github.gort.runtime.Chan} to select on.
 */
package io.github.gort.context;
