package io.github.gort.net;

/**
 * The connection or listener was closed, by this goroutine or by another one while this one waited (Go:
 * {@code net.ErrClosed}, text {@code use of closed network connection}).
 */
public final class ClosedConnectionException extends java.net.SocketException implements OpError {
    private static final long serialVersionUID = 1L;

    private final transient Details details;

    ClosedConnectionException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        this(new Details(op, network, source, addr, err));
    }

    private ClosedConnectionException(Details details) {
        super(details.message());
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }
}
