package io.github.gort.cli.examples;

import io.github.gort.net.ClosedConnectionException;
import io.github.gort.net.Conn;
import io.github.gort.net.Listener;
import io.github.gort.net.Net;
import io.github.gort.sync.WaitGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code echoserver [-addr ADDR] [--java-net]}: a TCP echo server with one goroutine per connection, as Go's
 * {@code shared/peers/go/echoserver} is written, and the server {@code gort bench tcp-echo} measures. It prints
 * {@code LISTEN 127.0.0.1:PORT} first, writes back what each connection sends (a 4 KB buffer per connection), and
 * stops when its standard input closes (the tcp-echo contract of {@code shared/peers/echo.sh}): it closes the
 * listener and every open connection, and returns once their goroutines have.
 *
 * <p>By default it uses gort's {@code net} package: a goroutine waiting for a connection or for bytes parks in
 * gort's network poller and holds no M. With {@code --java-net} the same server is written with plain
 * {@code java.net.ServerSocket} and {@code Socket} streams, as a Java program would be; inside goroutines that are
 * virtual threads (the default goroutine mode) those calls park through the JDK's own poller and come back through
 * gort's run queues. In the continuation mode they would hold their M, so {@code --java-net} refuses to run there.
 */
final class EchoServer implements Example {
    private static final int BUFFER = 4096;

    @Override
    public String name() {
        return "echoserver";
    }

    @Override
    public String description() {
        return "echoserver [-addr ADDR] [--java-net]: TCP echo, a goroutine per connection (gort net, or java.net "
                + "sockets); prints LISTEN host:port, stops when stdin closes";
    }

    @Override
    public int main(List<String> args) {
        String addr = LoopbackServer.addr("echoserver", args);
        List<String> rest = LoopbackServer.otherArgs(args);
        boolean javaNet = rest.contains("--java-net") || rest.contains("-java-net");
        for (String a : rest) {
            if (!a.equals("--java-net") && !a.equals("-java-net")) {
                throw new IllegalArgumentException("echoserver: unknown argument '" + a
                        + "'; usage: echoserver [-addr ADDR] [--java-net]");
            }
        }
        return javaNet ? serveJavaNet(addr) : serveNet(addr);
    }

    /** gort's net: Net.listen, accept, and Conn.read/write in a goroutine per connection. */
    private static int serveNet(String addr) {
        Listener ln;
        try {
            ln = Net.listen("tcp", addr);
        } catch (IOException e) {
            System.err.println("echoserver: " + e.getMessage());
            return 1;
        }
        LoopbackServer.announce(ln.addr());
        WaitGroup stopped = LoopbackServer.stopWhenStdinCloses(() -> Connections.closeQuietly(ln));
        Connections<Conn> conns = new Connections<>();
        while (true) {
            Conn c;
            try {
                c = ln.accept();
            } catch (ClosedConnectionException e) {
                break;                                      // standard input closed: the listener was closed
            } catch (IOException e) {
                System.err.println("echoserver: accept: " + e.getMessage());
                continue;                                   // as Go's echoserver: log and accept the next
            }
            conns.serve(c, EchoServer::serve);
        }
        stopped.await();
        conns.closeAllAndWait();
        return 0;
    }

    private static void serve(Conn c) {
        try {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = c.read(buf)) > 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client reset or closed the connection: this connection is done, the server goes on
        }
    }

    /** java.net: a ServerSocket and Socket streams, each connection in a goroutine. */
    private static int serveJavaNet(String addr) {
        if (!Thread.currentThread().isVirtual()) {
            System.err.println("echoserver: --java-net needs goroutines that are virtual threads (the default "
                    + "goroutine mode); in GODEBUG=goroutines=continuation a blocking java.net call holds its M. "
                    + "Drop --java-net to use gort's net package, or unset GODEBUG=goroutines=continuation.");
            return 2;
        }
        ServerSocket ss;
        try {
            ss = new ServerSocket();
            ss.bind(socketAddress(addr), 4096);
        } catch (IOException e) {
            System.err.println("echoserver: listen tcp " + addr + ": " + e.getMessage());
            return 1;
        }
        LoopbackServer.announce(ss.getInetAddress().getHostAddress() + ":" + ss.getLocalPort());
        WaitGroup stopped = LoopbackServer.stopWhenStdinCloses(() -> {
            try {
                ss.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Connections<Socket> conns = new Connections<>();
        while (true) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (ss.isClosed()) {
                    break;                                  // standard input closed
                }
                System.err.println("echoserver: accept: " + e.getMessage());
                continue;
            }
            conns.serve(s, EchoServer::serve);
        }
        stopped.await();
        conns.closeAllAndWait();
        return 0;
    }

    private static void serve(Socket s) {
        try (InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);                         // Go's default, which gort's net sets too
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client reset or closed the connection
        }
    }

    /** host:port as a socket address; throws IllegalArgumentException naming the address for a bad one. */
    static InetSocketAddress socketAddress(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("echoserver: address " + addr + ": missing port in address");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(addr.substring(colon + 1));
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("echoserver: address " + addr + ": the port must be a number", e);
        }
    }
}
