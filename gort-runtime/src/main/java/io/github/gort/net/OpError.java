package io.github.gort.net;

/**
 * What every error of this package says about itself, as Go's {@code *net.OpError} does: the operation, the
 * network, the two ends, and whether it was a timeout. The message is Go's text, for example
 * {@code read tcp 127.0.0.1:41000->127.0.0.1:8080: i/o timeout}. The exceptions are ordinary
 * {@code java.net} ones, so Java code catches them as it would: {@link IOTimeoutException} is a
 * {@link java.net.SocketTimeoutException}, {@link ClosedConnectionException} and {@link OpException} are
 * {@link java.net.SocketException}s, {@link DialException} is a {@link java.net.ConnectException}.
 */
public sealed interface OpError permits IOTimeoutException, ClosedConnectionException, DialException, OpException {
    /**
     * What an error holds, as Go's {@code *net.OpError} fields.
     *
     * @param op      the operation: {@code read}, {@code write}, {@code dial}, {@code accept}, {@code listen},
     *                {@code close}
     * @param network the network, {@code tcp}
     * @param source  the local end, or null (a dial that failed, a listener's error); Go: OpError.Source
     * @param addr    the remote end (a listener's own address for accept and listen), or null; Go: OpError.Addr
     * @param err     Go's text of the error itself, after the addresses: {@code i/o timeout},
     *                {@code connect: connection refused}
     */
    record Details(String op, String network, TCPAddr source, TCPAddr addr, String err) {
        /** Go's {@code OpError.Error()}: {@code op net source->addr: err}. */
        public String message() {
            StringBuilder b = new StringBuilder(op).append(' ').append(network);
            if (source != null) {
                b.append(' ').append(source);
                if (addr != null) {
                    b.append("->").append(addr);
                }
            } else if (addr != null) {
                b.append(' ').append(addr);
            }
            return b.append(": ").append(err).toString();
        }
    }

    /** The error's fields. */
    Details details();

    /** The operation: {@code read}, {@code write}, {@code dial}, {@code accept}, {@code listen}, {@code close}. */
    default String op() {
        return details().op();
    }

    /** The network, {@code tcp}. */
    default String network() {
        return details().network();
    }

    /** The local end, or null (a dial that failed, a listener's error). Go: OpError.Source. */
    default TCPAddr source() {
        return details().source();
    }

    /** The remote end (a listener's own address for accept and listen), or null. Go: OpError.Addr. */
    default TCPAddr addr() {
        return details().addr();
    }

    /** Go's text of the error itself, after the addresses: {@code i/o timeout}, {@code connect: connection refused}. */
    default String err() {
        return details().err();
    }

    /** True for a deadline that passed (Go: net.Error's Timeout); only {@link IOTimeoutException} is one. */
    default boolean timeout() {
        return false;
    }
}
