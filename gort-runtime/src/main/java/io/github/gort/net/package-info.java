/**
 * TCP networking for goroutines (Go: package {@code net}): {@link io.github.gort.net.Net#listen},
 * {@link io.github.gort.net.Net#dial}, {@link io.github.gort.net.Listener} and {@link io.github.gort.net.Conn}.
 * Every socket is served by the runtime's network poller, so a goroutine that waits on one parks ({@code IO wait})
 * and holds no M. Errors carry Go's texts as {@code java.net} exceptions that implement
 * {@link io.github.gort.net.OpError}.
 */
package io.github.gort.net;
