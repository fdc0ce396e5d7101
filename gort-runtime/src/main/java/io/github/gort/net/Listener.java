package io.github.gort.net;

import io.github.gort.internal.scheduler.Goroutines;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A TCP listener (Go: {@code net.Listener}, {@code *net.TCPListener}). {@link #accept} waits in gort's network
 * poller, so a server's accept loop holds no M while no client connects. {@link #close} wakes a goroutine blocked
 * in accept, which then fails with {@link ClosedConnectionException}.
 */
public final class Listener implements AutoCloseable {
    private final NetFD fd;

    Listener(NetFD fd) {
        this.fd = fd;
    }

    /** Waits for the next connection and returns it. Call from a goroutine. Go: Accept. */
    public Conn accept() throws IOException {
        Goroutines.goroutineM("Listener.accept");
        SocketChannel c = fd.accept();
        try {
            NetFD cfd = NetFD.socket(Net.netpoll("Listener.accept"), c);
            cfd.laddr = TCPAddr.of((java.net.InetSocketAddress) c.getLocalAddress());
            cfd.raddr = TCPAddr.of((java.net.InetSocketAddress) c.getRemoteAddress());
            return new Conn(cfd);
        } catch (IOException e) {
            c.close();
            throw new OpException("accept", NetFD.NETWORK, null, fd.laddr, NetFD.goText(e.getMessage()));
        }
    }

    /** The address it listens on; with port 0 asked, the port the system chose. Go: Addr. */
    public TCPAddr addr() {
        return fd.laddr;
    }

    /** Stops listening; a goroutine blocked in accept fails with ClosedConnectionException. Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Listener(" + fd.laddr + (fd.isClosed() ? ", closed" : "") + ")";
    }
}
