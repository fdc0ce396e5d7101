package io.github.gort.net;

import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.netpoll.NetPoll;
import io.github.gort.internal.netpoll.PollDesc;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A network file descriptor (Go: net's {@code netFD} over internal/poll's {@code FD}): a non-blocking NIO channel,
 * its {@link PollDesc}, and the loops that try the call and wait in the poller when it would block. Reads are
 * serialized by one goroutine semaphore and writes by another, as Go's fdMutex serializes them, so that at most one
 * goroutine waits per direction.
 *
 * <pre>
 * field           writer                         others                          mode
 * ch, pd, netpoll constructor                    everyone                        final
 * laddr, raddr    constructor, connect           everyone                        volatile
 * closed          close (CAS, once)              -                               atomic
 * readLock,       the goroutine that reads /     -                               goroutine semaphores
 *  writeLock       writes, for the whole call
 * </pre>
 * Every NIO call runs pinned on a goroutine's virtual thread ({@link NetPoll#pinIfVirtual}): the channel's own
 * locks are then held and waited for by Ms, never by an unmounted goroutine, which the end of the runtime could
 * leave holding one (a close at shutdown then waited for ever).
 *
 * <p>Close order (Go: FD.Close): mark closed, evict the descriptor (every waiter wakes and fails with
 * {@code use of closed network connection}, as does every later call), close the channel, then have the poller
 * drop its key so that the kernel descriptor is released now.
 */
final class NetFD {
    static final String NETWORK = "tcp";

    private final NetPoll netpoll;
    private final SelectableChannel ch;
    final PollDesc pd;
    private final Sema readLock = new Sema(1);
    private final Sema writeLock = new Sema(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    volatile TCPAddr laddr;
    volatile TCPAddr raddr;

    private NetFD(NetPoll netpoll, SelectableChannel ch, int readOp) throws IOException {
        this.netpoll = netpoll;
        this.ch = ch;
        this.pd = netpoll.open(ch, readOp);
    }

    /** A descriptor for a connected (or connecting) socket. */
    static NetFD socket(NetPoll netpoll, SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);     // Go's default
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);    // Go's default (15 s probes there)
        return new NetFD(netpoll, ch, SelectionKey.OP_READ);
    }

    /** A descriptor for a listening socket. */
    static NetFD listener(NetPoll netpoll, ServerSocketChannel ch) throws IOException {
        NetFD fd = new NetFD(netpoll, ch, SelectionKey.OP_ACCEPT);
        fd.laddr = TCPAddr.of((InetSocketAddress) ch.getLocalAddress());
        return fd;
    }

    // ---------------------------------------------------------------------------------------------- read, write

    /** Reads into dst: the count (at least 1 when dst has room), or -1 at the end of the stream. Go: FD.Read. */
    int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;                                        // Go: a zero-length read returns at once
        }
        SocketChannel sc = (SocketChannel) ch;
        readLock.acquire();
        try {
            check("read", pd.prepare(PollDesc.READ));
            while (true) {
                int n;
                boolean pinned = NetPoll.pinIfVirtual();
                try {
                    n = sc.read(dst);
                } catch (IOException | NotYetConnectedException e) {
                    throw error("read", e);
                } finally {
                    NetPoll.unpinIf(pinned);
                }
                if (n != 0) {
                    return n;
                }
                check("read", pd.await(PollDesc.READ));
            }
        } finally {
            readLock.release();
        }
    }

    /** Writes all of src, waiting as often as the socket's buffer is full; returns the count. Go: FD.Write. */
    int write(ByteBuffer src) throws IOException {
        SocketChannel sc = (SocketChannel) ch;
        int total = src.remaining();
        writeLock.acquire();
        try {
            check("write", pd.prepare(PollDesc.WRITE));
            while (src.hasRemaining()) {
                boolean pinned = NetPoll.pinIfVirtual();
                try {
                    sc.write(src);
                } catch (IOException | NotYetConnectedException e) {
                    throw error("write", e);
                } finally {
                    NetPoll.unpinIf(pinned);
                }
                if (src.hasRemaining()) {
                    check("write", pd.await(PollDesc.WRITE));
                }
            }
            return total;
        } finally {
            writeLock.release();
        }
    }

    // ---------------------------------------------------------------------------------------------- accept, dial

    /** Waits for the next connection on this listener. Go: FD.Accept. */
    SocketChannel accept() throws IOException {
        ServerSocketChannel ssc = (ServerSocketChannel) ch;
        readLock.acquire();
        try {
            check("accept", pd.prepare(PollDesc.READ));
            while (true) {
                SocketChannel c;
                boolean pinned = NetPoll.pinIfVirtual();
                try {
                    c = ssc.accept();
                } catch (IOException e) {
                    throw error("accept", e);
                } finally {
                    NetPoll.unpinIf(pinned);
                }
                if (c != null) {
                    return c;
                }
                check("accept", pd.await(PollDesc.READ));
            }
        } finally {
            readLock.release();
        }
    }

    /**
     * Connects to remote, waiting in the poller, until the nanoTime instant deadline (0: none). The dial's own
     * deadline is cleared once connected. Go: netFD.connect.
     */
    void connect(InetSocketAddress remote, long deadline) throws IOException {
        SocketChannel sc = (SocketChannel) ch;
        TCPAddr to = TCPAddr.of(remote);
        try {
            if (deadline != 0) {
                pd.setDeadline(deadline, PollDesc.WRITE);
            }
            writeLock.acquire();
            try {
                boolean done;
                boolean pinned = NetPoll.pinIfVirtual();
                try {
                    done = sc.connect(remote);
                } catch (IOException e) {
                    throw dialError(to, e);
                } finally {
                    NetPoll.unpinIf(pinned);
                }
                while (!done) {
                    int err = pd.await(PollDesc.WRITE);
                    if (err == PollDesc.ERR_TIMEOUT) {
                        throw new IOTimeoutException("dial", NETWORK, null, to, "i/o timeout");
                    }
                    if (err == PollDesc.ERR_CLOSING) {
                        throw new ClosedConnectionException("dial", NETWORK, null, to, CLOSED);
                    }
                    pinned = NetPoll.pinIfVirtual();
                    try {
                        done = sc.finishConnect();
                    } catch (IOException e) {
                        throw dialError(to, e);
                    } finally {
                        NetPoll.unpinIf(pinned);
                    }
                }
            } finally {
                writeLock.release();
            }
            if (deadline != 0) {
                pd.setDeadline(0, PollDesc.WRITE);
            }
            laddr = TCPAddr.of((InetSocketAddress) sc.getLocalAddress());
            raddr = TCPAddr.of((InetSocketAddress) sc.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static IOException dialError(TCPAddr to, IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new DialException("dial", NETWORK, null, to, "connect: " + goText(e.getMessage()));
        }
        return new OpException("dial", NETWORK, null, to, goText(e.getMessage()));
    }

    // ---------------------------------------------------------------------------------------------- the rest

    void shutdownInput() throws IOException {
        boolean pinned = NetPoll.pinIfVirtual();
        try {
            ((SocketChannel) ch).shutdownInput();
        } catch (IOException e) {
            throw error("close", e);
        } finally {
            NetPoll.unpinIf(pinned);
        }
    }

    void shutdownOutput() throws IOException {
        boolean pinned = NetPoll.pinIfVirtual();
        try {
            ((SocketChannel) ch).shutdownOutput();
        } catch (IOException e) {
            throw error("close", e);
        } finally {
            NetPoll.unpinIf(pinned);
        }
    }

    /** Closes the descriptor: waiters and later calls fail with {@code use of closed network connection}. Idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pd.evict();
        boolean pinned = NetPoll.pinIfVirtual();
        try {
            ch.close();
        } catch (IOException e) {
            // Go reports close(2)'s error; NIO's close of a non-blocking socket has none worth reporting
        } finally {
            NetPoll.unpinIf(pinned);
        }
        netpoll.flushClosed();
    }

    boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------------------------------------- errors

    static final String CLOSED = "use of closed network connection";

    private void check(String op, int pollErr) throws IOException {
        if (pollErr == PollDesc.ERR_CLOSING) {
            throw new ClosedConnectionException(op, NETWORK, source(op), laddrOrRaddr(op), CLOSED);
        }
        if (pollErr == PollDesc.ERR_TIMEOUT) {
            throw new IOTimeoutException(op, NETWORK, source(op), laddrOrRaddr(op), "i/o timeout");
        }
    }

    /** An exception from NIO as Go reports the same failure. */
    private IOException error(String op, Throwable e) {
        if (pd.closing()) {
            return new ClosedConnectionException(op, NETWORK, source(op), laddrOrRaddr(op), CLOSED);
        }
        if (e instanceof ClosedChannelException && op.equals("write") && !closed.get()) {
            // NIO's answer to a write after shutdownOutput; Go's write(2) gets EPIPE there (TestCloseWrite)
            return new OpException(op, NETWORK, source(op), laddrOrRaddr(op), "write: broken pipe");
        }
        if (e instanceof ClosedChannelException) {
            return new ClosedConnectionException(op, NETWORK, source(op), laddrOrRaddr(op), CLOSED);
        }
        if (e instanceof NotYetConnectedException) {
            return new OpException(op, NETWORK, source(op), laddrOrRaddr(op), "socket is not connected");
        }
        String text = goText(e.getMessage());
        if (text.equals("connection reset")) {
            text = "connection reset by peer";
        }
        String syscall = op.equals("close") ? "shutdown" : op;
        OpException ex = new OpException(op, NETWORK, source(op), laddrOrRaddr(op), syscall + ": " + text);
        ex.initCause(e);
        return ex;
    }

    /** Go's OpError.Source: the local end for a connection's reads and writes, none for a listener's. */
    private TCPAddr source(String op) {
        return op.equals("accept") ? null : laddr;
    }

    /** Go's OpError.Addr: the remote end of a connection, a listener's own address. */
    private TCPAddr laddrOrRaddr(String op) {
        return op.equals("accept") ? laddr : raddr;
    }

    /** A system error's text as Go prints it: strerror's words, first letter lower case. */
    static String goText(String message) {
        if (message == null || message.isEmpty()) {
            return "unknown error";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
