package io.github.gort.net;

/**
 * A deadline passed (Go: {@code os.ErrDeadlineExceeded}, text {@code i/o timeout}); the connection stays usable
 * once the deadline is moved.
 */
public final class IOTimeoutException extends java.net.SocketTimeoutException implements OpError {
    private static final long serialVersionUID = 1L;

    private final transient Details details;

    IOTimeoutException(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        this(new Details(op, network, source, addr, err));
    }

    private IOTimeoutException(Details details) {
        super(details.message());
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }

    @Override
    public boolean timeout() {
        return true;
    }
}
