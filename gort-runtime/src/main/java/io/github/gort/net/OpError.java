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
    /** The operation: {@code read}, {@code write}, {@code dial}, {@code accept}, {@code listen}, {@code close}. */
    String op();

    /** The network, {@code tcp}. */
    String network();

    /** The local end, or null (a dial that failed, a listener's error). Go: OpError.Source. */
    TCPAddr source();

    /** The remote end (a listener's own address for accept and listen), or null. Go: OpError.Addr. */
    TCPAddr addr();

    /** True for a deadline that passed (Go: net.Error's Timeout). */
    boolean timeout();

    /** Go's text of the error itself, after the addresses: {@code i/o timeout}, {@code connect: connection refused}. */
    String err();

    /** Go's {@code OpError.Error()}: {@code op net source->addr: err}. */
    static String format(String op, String network, TCPAddr source, TCPAddr addr, String err) {
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
