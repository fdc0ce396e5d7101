package io.github.gort.net;

import io.github.gort.internal.netpoll.PollDesc;
import io.github.gort.internal.scheduler.Goroutines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A TCP connection (Go: {@code net.Conn}, {@code *net.TCPConn}). A goroutine that reads or writes when the socket
 * is not ready waits in gort's network poller: it parks ("IO wait") and frees its M and P, as in Go; an M is not
 * held per connection.
 *
 * <p>Safe for concurrent use, as Go's: one goroutine may read while another writes; concurrent reads (or writes)
 * take turns. {@link #close} from any goroutine wakes every reader and writer blocked on the connection, which then
 * fail with {@link ClosedConnectionException} ({@code use of closed network connection}). Deadlines are absolute,
 * as in Go: past the deadline, waiting calls fail with {@link IOTimeoutException} ({@code i/o timeout}) and the
 * connection stays usable once the deadline is moved.
 *
 * <p>Reads, writes, deadlines and close must be called from a goroutine, as every blocking operation of gort.
 */
public final class Conn implements AutoCloseable {
    /** Pass to the deadline setters for "no deadline" (Go's zero {@code time.Time}). */
    public static final Instant NO_DEADLINE = Instant.MAX;

    private final NetFD fd;

    Conn(NetFD fd) {
        this.fd = fd;
    }

    /**
     * Reads up to b.length bytes: the count, at least 1 (0 only for an empty b), or -1 at the end of the stream
     * (Go's io.EOF). Waits until data arrives, the read deadline passes or the connection closes.
     */
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    /** Reads up to len bytes into b from off; see {@link #read(byte[])}. */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Goroutines.goroutineM("Conn.read");
        return fd.read(ByteBuffer.wrap(b, off, len));
    }

    /** Reads into dst's remaining space; see {@link #read(byte[])}. */
    public int read(ByteBuffer dst) throws IOException {
        Goroutines.goroutineM("Conn.read");
        return fd.read(dst);
    }

    /** Writes all of b (as Go's Write does) and returns b.length; waits while the socket's buffer is full. */
    public int write(byte[] b) throws IOException {
        return write(b, 0, b.length);
    }

    /** Writes all len bytes of b from off; see {@link #write(byte[])}. */
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Goroutines.goroutineM("Conn.write");
        return fd.write(ByteBuffer.wrap(b, off, len));
    }

    /** Writes all of src's remaining bytes; see {@link #write(byte[])}. */
    public int write(ByteBuffer src) throws IOException {
        Goroutines.goroutineM("Conn.write");
        return fd.write(src);
    }

    /** Sets the read and write deadlines (Go: SetDeadline); {@link #NO_DEADLINE} for none. */
    public void setDeadline(Instant t) {
        setDeadline(t, PollDesc.READ | PollDesc.WRITE, "Conn.setDeadline");
    }

    /** Sets the deadline for reads, current and future (Go: SetReadDeadline); {@link #NO_DEADLINE} for none. */
    public void setReadDeadline(Instant t) {
        setDeadline(t, PollDesc.READ, "Conn.setReadDeadline");
    }

    /** Sets the deadline for writes, current and future (Go: SetWriteDeadline); {@link #NO_DEADLINE} for none. */
    public void setWriteDeadline(Instant t) {
        setDeadline(t, PollDesc.WRITE, "Conn.setWriteDeadline");
    }

    private void setDeadline(Instant t, int mode, String what) {
        Objects.requireNonNull(t, () -> what + ": the deadline is null; pass Conn.NO_DEADLINE for none");
        Goroutines.goroutineM(what);
        fd.pd.setDeadline(nanoTimeOf(t), mode);
    }

    /** The System.nanoTime instant of a wall-clock deadline; 0 for none. Saturates far in the past or future. */
    static long nanoTimeOf(Instant t) {
        if (t.equals(NO_DEADLINE)) {
            return 0;
        }
        long nowNanos = System.nanoTime();
        long delta;
        try {
            delta = Duration.between(Instant.now(), t).toNanos();
        } catch (ArithmeticException e) {
            delta = t.isBefore(Instant.now()) ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
        long at = nowNanos + Math.max(Long.MIN_VALUE / 4, Math.min(Long.MAX_VALUE / 4, delta));
        return at == 0 ? 1 : at;
    }

    /** Shuts down the reading side: reads here return -1 from now on (Go: TCPConn.CloseRead). */
    public void closeRead() throws IOException {
        Goroutines.goroutineM("Conn.closeRead");
        fd.shutdownInput();
    }

    /** Shuts down the writing side: the peer reads the end of the stream (Go: TCPConn.CloseWrite). */
    public void closeWrite() throws IOException {
        Goroutines.goroutineM("Conn.closeWrite");
        fd.shutdownOutput();
    }

    /** This end's address (Go: LocalAddr). */
    public TCPAddr localAddr() {
        return fd.laddr;
    }

    /** The peer's address (Go: RemoteAddr). */
    public TCPAddr remoteAddr() {
        return fd.raddr;
    }

    /**
     * Closes the connection. Every goroutine blocked reading or writing it wakes and fails with
     * {@link ClosedConnectionException}, as does every later call. Closing again does nothing (Go returns an error
     * there; a Java {@code close} may be called twice). Any thread.
     */
    @Override
    public void close() {
        fd.close();
    }

    /**
     * This connection as an InputStream, for Java libraries that read streams: {@code read} is {@link #read(byte[])}
     * (-1 at the end), its timeouts are {@link java.net.SocketTimeoutException}s, and closing the stream closes the
     * connection, as a {@link java.net.Socket}'s stream does.
     */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = Conn.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                return Conn.this.read(b, off, len);
            }

            @Override
            public void close() {
                Conn.this.close();
            }
        };
    }

    /**
     * This connection as an OutputStream: {@code write} writes everything ({@link #write(byte[], int, int)}),
     * {@code flush} has nothing to do (nothing is buffered), and closing the stream closes the connection.
     */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                Conn.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Conn.this.write(b, off, len);
            }

            @Override
            public void close() {
                Conn.this.close();
            }
        };
    }

    @Override
    public String toString() {
        return "Conn(" + fd.laddr + "->" + fd.raddr + (fd.isClosed() ? ", closed" : "") + ")";
    }
}
