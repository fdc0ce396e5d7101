package io.github.gort.net;

/**
 * A dial failed: refused or unreachable (for example {@code dial tcp 127.0.0.1:1: connect: connection refused}).
 */
public final class DialException extends java.net.ConnectException implements OpError {
    private static final long serialVersionUID = 1L;

    private final transient Details details;

    DialException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        this(new Details(op, network, source, addr, err));
    }

    private DialException(Details details) {
        super(details.message());
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }
}
