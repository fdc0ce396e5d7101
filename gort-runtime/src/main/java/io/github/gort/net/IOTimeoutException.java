package io.github.gort.net;

/**
 * A deadline passed (Go: {@code os.ErrDeadlineExceeded}, text {@code i/o timeout}); the connection stays usable
 * once the deadline is moved.
 */
public final class IOTimeoutException extends java.net.SocketTimeoutException implements OpError {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final String network;
    private final transient TCPAddr source;
    private final transient TCPAddr addr;
    private final String err;

    IOTimeoutException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
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
        return true;
    }

    @Override
    public String err() {
        return err;
    }
}
