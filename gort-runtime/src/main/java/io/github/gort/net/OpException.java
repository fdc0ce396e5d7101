package io.github.gort.net;

/**
 * Any other failure of a network operation, with the system's text as Go prints it ({@code read: connection reset
 * by peer}, {@code write: broken pipe}, {@code bind: address already in use}).
 */
public final class OpException extends java.net.SocketException implements OpError {
    private static final long serialVersionUID = 1L;

    private final transient Details details;

    OpException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        this(new Details(op, network, source, addr, err));
    }

    private OpException(Details details) {
        super(details.message());
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }
}
