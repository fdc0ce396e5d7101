package io.github.gort.net;

/**
 * A dial failed: refused or unreachable (for example {@code dial tcp 127.0.0.1:1: connect: connection refused}).
 */
public final class DialException extends java.net.ConnectException implements OpError {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final String network;
    private final transient TCPAddr source;
    private final transient TCPAddr addr;
    private final String err;

    DialException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
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
