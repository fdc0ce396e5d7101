package io.github.gort.net;

/**
 * The connection or listener was closed, by this goroutine or by another one while this one waited (Go:
 * {@code net.ErrClosed}, text {@code use of closed network connection}).
 */
public final class ClosedConnectionException extends java.net.SocketException implements OpError {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final String network;
    private final transient TCPAddr source;
    private final transient TCPAddr addr;
    private final String err;

    ClosedConnectionException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        super(OpError.format(op, network, source, addr, err));
        this.op = op;
        this.network = network;
        this.source = source;
        this.addr = addr;
        this.err = err;
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public String network() {
        return network;
    }

    @Override
    public TCPAddr source() {
        return source;
    }

    @Override
    public TCPAddr addr() {
        return addr;
    }

    @Override
    public boolean timeout() {
        return false;
    }

    @Override
    public String err() {
        return err;
    }
}
