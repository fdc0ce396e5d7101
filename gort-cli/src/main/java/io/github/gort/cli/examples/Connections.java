package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.Mutex;
import io.github.gort.sync.WaitGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The open connections of a server example, each served by its own goroutine, so that the server can stop
 * cleanly: {@link #closeAllAndWait} closes every one (their goroutines wake with "use of closed network
 * connection" and return) and waits until each goroutine has finished closing its connection. Only then may
 * {@code main} return: a goroutine still inside {@code close} when the runtime ends would never finish it.
 *
 * <p>Invariants: a connection is in {@code open} exactly while its goroutine runs and has not closed it; after
 * {@code stopping} is set no connection is added (a late one is closed at once); {@code serving} counts the
 * goroutines started and not yet returned.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>field</th><th>written by</th><th>access</th></tr>
 *   <tr><td>open</td><td>{@link #serve} (add), a connection's goroutine (remove)</td><td>under mu</td></tr>
 *   <tr><td>stopping</td><td>{@link #closeAllAndWait}, once</td><td>under mu</td></tr>
 *   <tr><td>serving</td><td>{@link #serve} (add), a connection's goroutine (done)</td><td>WaitGroup</td></tr>
 * </table>
 *
 * @param <C> the connection type: gort's {@code Conn} or a {@code java.net.Socket}
 */
final class Connections<C extends AutoCloseable> {
    private final Mutex mu = new Mutex();
    private final Set<C> open = new HashSet<>();
    private final WaitGroup serving = new WaitGroup();
    private boolean stopping;

    /** Runs {@code handler} on {@code c} in a new goroutine, then closes c; closes c at once when stopping. */
    void serve(C c, Consumer<C> handler) {
        mu.lock();
        if (stopping) {
            mu.unlock();
            closeQuietly(c);
            return;
        }
        open.add(c);
        serving.add(1);
        mu.unlock();
        Go.go(() -> {
            try {
                handler.accept(c);
            } finally {
                closeQuietly(c);
                mu.lock();
                open.remove(c);
                mu.unlock();
                serving.done();
            }
        });
    }

    /** Closes every open connection and waits until all their goroutines have returned. */
    void closeAllAndWait() {
        mu.lock();
        stopping = true;
        List<C> all = new ArrayList<>(open);
        mu.unlock();
        all.forEach(Connections::closeQuietly);
        serving.await();
    }

    /** Closes {@code c} (a connection or a listener), ignoring errors of a connection the client already reset. */
    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a connection the client already reset: nothing left to release
        }
    }
}
