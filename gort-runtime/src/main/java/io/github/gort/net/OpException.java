package io.github.gort.net;

/**
 * Any other failure of a network operation, with the system's text as Go prints it ({@code read: connection reset
 * by peer}, {@code write: broken pipe}, {@code bind: address already in use}).
 */
public final class OpException extends java.net.SocketException implements OpError {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final String network;
    private final transient TCPAddr source;
    private final transient TCPAddr addr;
    private final String err;

    OpException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
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
