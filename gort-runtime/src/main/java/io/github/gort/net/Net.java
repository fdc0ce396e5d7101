package io.github.gort.net;

import io.github.gort.internal.netpoll.NetPoll;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.runtime.Go;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * TCP networking for goroutines (Go: package {@code net}): {@link #listen}, {@link #dial}, {@link #dialTimeout}.
 * Sockets are served by the runtime's network poller: a goroutine that waits on one parks and frees its M, so
 * ten thousand idle connections cost ten thousand goroutines, not ten thousand threads.
 *
 * <p>Networks: {@code "tcp"}, {@code "tcp4"}, {@code "tcp6"}. Addresses as Go writes them: {@code "127.0.0.1:8080"},
 * {@code "[::1]:8080"}, {@code "localhost:8080"}, {@code ":8080"} (every interface, for listen); port 0 asks the
 * system for a free port. A malformed network or address is an IllegalArgumentException naming it; a failure of
 * the network itself is an {@link OpError} exception. Every call must be made from a goroutine.
 *
 * <pre>{@code
 * Listener ln = Net.listen("tcp", "127.0.0.1:0");
 * while (true) {
 *     Conn c = ln.accept();
 *     Go.go(() -> serve(c));
 * }
 * }</pre>
 */
public final class Net {
    private Net() {}

    /** Go: the listen backlog, from /proc/sys/net/core/somaxconn on Linux (maxListenerBacklog). */
    private static final int BACKLOG = listenerBacklog();

    /** Listens on address. Go: net.Listen. */
    public static Listener listen(String network, String address) throws IOException {
        NetPoll netpoll = netpoll("Net.listen");
        InetSocketAddress at = resolve("listen", network, address, /* passive= */ true);
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);   // Go's default for listeners
            ch.bind(at, BACKLOG);
            return new Listener(NetFD.listener(netpoll, ch));
        } catch (IOException e) {
            ch.close();
            String err = (e instanceof BindException ? "bind: " : "") + NetFD.goText(e.getMessage());
            throw new OpException("listen", NetFD.NETWORK, null, TCPAddr.of(at), err);
        }
    }

    /** Connects to address, waiting as long as the system does. Go: net.Dial. */
    public static Conn dial(String network, String address) throws IOException {
        return dial(network, address, 0, "Net.dial");
    }

    /**
     * Connects to address, failing with {@link IOTimeoutException} ({@code dial tcp ADDR: i/o timeout}) if that
     * takes longer than timeout. Go: net.DialTimeout.
     */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        long at = timeout.isNegative() || timeout.isZero() ? 0 : System.nanoTime() + saturatedNanos(timeout);
        return dial(network, address, at == 0 && !timeout.isZero() ? 1 : at, "Net.dialTimeout");
    }

    private static Conn dial(String network, String address, long deadline, String what) throws IOException {
        NetPoll netpoll = netpoll(what);
        InetSocketAddress to = resolve("dial", network, address, /* passive= */ false);
        SocketChannel ch = SocketChannel.open(to.getAddress() instanceof Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        NetFD fd;
        try {
            fd = NetFD.socket(netpoll, ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        fd.connect(to, deadline);
        return new Conn(fd);
    }

    /** The poller of the runtime the calling goroutine belongs to; what names the call for the error. */
    static NetPoll netpoll(String what) {
        return Goroutines.goroutineM(what).sched.netpoll;
    }

    // ---------------------------------------------------------------------------------------------- addresses

    /** Parses network and address as Go's net.ResolveTCPAddr does; passive: an empty host is every interface. */
    static InetSocketAddress resolve(String op, String network, String address, boolean passive) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        boolean v4 = network.equals("tcp4");
        boolean v6 = network.equals("tcp6");
        if (!v4 && !v6 && !network.equals("tcp")) {
            throw new IllegalArgumentException(op + " " + network + ": unknown network " + network
                    + " (gort's net supports tcp, tcp4 and tcp6)");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(op + " " + network + ": address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(op + " " + network + ": address " + address
                    + ": too many colons in address (write an IPv6 address in brackets: [::1]:80)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(op + " " + network + ": address " + address + ": invalid port");
        }
        InetAddress ip;
        if (host.isEmpty()) {
            ip = passive ? (v4 ? InetAddress.getByName("0.0.0.0") : v6 ? InetAddress.getByName("::")
                    : InetAddress.getByName("0.0.0.0")) : (v6 ? InetAddress.getByName("::1") : InetAddress.getLoopbackAddress());
        } else {
            ip = lookup(op, network, host, v4, v6);
        }
        return new InetSocketAddress(ip, port);
    }

    private static InetAddress lookup(String op, String network, String host, boolean v4, boolean v6) throws IOException {
        InetAddress[] all;
        try {
            // A name lookup may block in the resolver: a system call, as Go's cgo resolver is one.
            all = isLiteral(host) ? InetAddress.getAllByName(host) : Go.syscall(() -> InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new OpException(op, network, null, null, "lookup " + host + ": no such host");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OpException(op, network, null, null, "lookup " + host + ": " + e);
        }
        for (InetAddress a : all) {
            if ((!v6 && a instanceof Inet4Address) || (v6 && a instanceof Inet6Address)) {
                return a;
            }
        }
        if (!v4 && !v6 && all.length > 0) {
            return all[0];
        }
        throw new OpException(op, network, null, null, "lookup " + host + ": no suitable address found");
    }

    private static boolean isLiteral(String host) {
        return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%');
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static int listenerBacklog() {
        // Not Files.readString: on JDK 25 it returns "4" for this file's "4096" (a /proc file reports size 0), and
        // a backlog of 4 made the kernel drop handshakes under load (found by NetEchoTest: accepts seconds apart).
        try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/core/somaxconn"))) {
            int n = Integer.parseInt(r.readLine().trim());
            return n <= 0 ? 4096 : Math.min(n, 65535);
        } catch (IOException | NumberFormatException | NullPointerException | SecurityException e) {
            return 4096;                                     // not Linux, or not readable: Go's fallback is 128
        }
    }
}
