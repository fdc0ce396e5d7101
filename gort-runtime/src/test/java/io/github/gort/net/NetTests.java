package io.github.gort.net;

import io.github.gort.runtime.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What the net tests share: IOException to unchecked inside goroutines, a connected pair over one listener, and a
 * bounded wait until goroutines are parked in the network poller. Every method must be called from a goroutine.
 */
final class NetTests {
    private NetTests() {}

    interface IoCall<T> {
        T call() throws IOException;
    }

    interface IoRun {
        void run() throws IOException;
    }

    static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void ioRun(IoRun run) {
        try {
            run.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listener and both ends of one connection through it: client dialed, server accepted. */
    record Pair(Listener ln, Conn client, Conn server) implements AutoCloseable {
        static Pair open() {
            Listener ln = io(() -> Net.listen("tcp", "127.0.0.1:0"));
            Conn client = io(() -> Net.dial("tcp", ln.addr().toString()));
            Conn server = io(ln::accept);
            return new Pair(ln, client, server);
        }

        /** Go's text of an error on the client end: {@code op tcp local->remote: err}. */
        String clientText(String op, String err) {
            return op + " tcp " + client.localAddr() + "->" + client.remoteAddr() + ": " + err;
        }

        @Override
        public void close() {
            client.close();
            server.close();
            ln.close();
        }
    }

    /**
     * Waits (sleeping 1 ms at a time, up to 10 s) until at least n goroutines are parked in the network poller,
     * so that a test acts on goroutines known to be blocked in a read, write or accept.
     */
    static void awaitPollWaiters(int n) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Net.netpoll("awaitPollWaiters").waiters() < n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("fewer than " + n + " goroutines parked in the network poller after 10 s: "
                        + Net.netpoll("awaitPollWaiters").waiters());
            }
            Time.sleep(Duration.ofMillis(1));
        }
    }

    /** Writes 64 KiB chunks until the write deadline (or another error) stops it; returns that error. */
    static IOException writeUntilError(Conn c) {
        byte[] chunk = new byte[64 * 1024];
        for (long total = 0; total < (1L << 30); total += chunk.length) {
            try {
                c.write(chunk);
            } catch (IOException e) {
                return e;
            }
        }
        throw new AssertionError("1 GiB written to a peer that never reads: the write never blocked");
    }

    /** The number of open file descriptors of this process (entries of /proc/self/fd). */
    static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
