package io.github.gort.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TCP end point (Go: {@code net.TCPAddr}). {@link #toString} is Go's form: {@code 127.0.0.1:8080},
 * {@code [::1]:8080}.
 *
 * @param ip   the address (never null)
 * @param port the port, 0 to 65535
 */
public record TCPAddr(InetAddress ip, int port) {
    public TCPAddr {
        Objects.requireNonNull(ip, "ip");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("TCPAddr: port " + port + " is out of range 0-65535");
        }
    }

    /** The end point of a Java socket address. */
    public static TCPAddr of(InetSocketAddress a) {
        return new TCPAddr(a.getAddress(), a.getPort());
    }

    /** The same end point as a Java socket address. */
    public InetSocketAddress toInetSocketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        String host = ip.getHostAddress();
        if (ip instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + (scope < 0 ? host : host.substring(0, scope)) + "]:" + port;
        }
        return host + ":" + port;
    }
}
