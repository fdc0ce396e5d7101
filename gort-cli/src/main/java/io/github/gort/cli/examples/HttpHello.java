package io.github.gort.cli.examples;

import io.github.gort.net.ClosedConnectionException;
import io.github.gort.net.Conn;
import io.github.gort.net.Listener;
import io.github.gort.net.Net;
import io.github.gort.sync.WaitGroup;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code httphello [-addr ADDR]}: the server a Go user writes first, {@code http.HandleFunc("/", hello)}, by hand
 * over gort's {@code net}: HTTP/1.1 on loopback, one goroutine per connection, keep-alive. Each request (request
 * line and headers, read through {@code conn.inputStream()} one line at a time; a body of Content-Length bytes is
 * read and dropped) gets {@code 200 OK} with {@code hello, world\n}; the connection stays open for the next request
 * unless the client sent {@code Connection: close} (or spoke HTTP/1.0 without {@code keep-alive}). A request that
 * is not HTTP gets {@code 400 Bad Request} and the connection is closed, as Go's server does.
 *
 * <p>Like {@code echoserver} it prints {@code LISTEN 127.0.0.1:PORT} first and stops when its standard input
 * closes; try {@code curl -v http://127.0.0.1:PORT/ http://127.0.0.1:PORT/} (two requests, one connection).
 */
final class HttpHello implements Example {
    private static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
    /** Go's http.DefaultMaxHeaderBytes is 1 MB; one line of this example is at most 8 KB. */
    private static final int MAX_LINE = 8192;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    @Override
    public String name() {
        return "httphello";
    }

    @Override
    public String description() {
        return "httphello [-addr ADDR]: HTTP/1.1 'hello, world' server with keep-alive over gort net; prints LISTEN "
                + "host:port, stops when stdin closes";
    }

    @Override
    public int main(List<String> args) {
        String addr = LoopbackServer.addr("httphello", args);
        List<String> rest = LoopbackServer.otherArgs(args);
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("httphello: unknown argument '" + rest.get(0)
                    + "'; usage: httphello [-addr ADDR]");
        }
        Listener ln;
        try {
            ln = Net.listen("tcp", addr);
        } catch (IOException e) {
            System.err.println("httphello: " + e.getMessage());
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
                System.err.println("httphello: accept: " + e.getMessage());
                continue;
            }
            conns.serve(c, HttpHello::serve);
        }
        stopped.await();
        conns.closeAllAndWait();                            // idle keep-alive connections too
        return 0;
    }

    /** Answers requests on one connection until the client closes it or asks to. */
    private static void serve(Conn c) {
        try {
            InputStream in = new BufferedInputStream(c.inputStream(), 4096);
            OutputStream out = new BufferedOutputStream(c.outputStream(), 4096);
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;                                   // the client closed between requests
                }
                if (requestLine.isEmpty()) {
                    continue;                                 // RFC 9112 2.2: ignore a blank line before a request
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    respond(out, "400 Bad Request", "malformed request line\n", true);
                    return;
                }
                boolean http10 = parts[2].equals("HTTP/1.0");
                boolean close = http10;
                long contentLength = 0;
                for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        respond(out, "400 Bad Request", "malformed header line\n", true);
                        return;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                    if (name.equals("connection")) {
                        close = value.contains("close") || (http10 && !value.contains("keep-alive"));
                    } else if (name.equals("content-length")) {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            respond(out, "400 Bad Request", "bad Content-Length\n", true);
                            return;
                        }
                    }
                }
                if (contentLength > 0) {
                    in.skipNBytes(contentLength);             // the handler ignores the body
                }
                respond(out, "200 OK", null, close);
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client reset the connection, or a line was too long: this connection is done
        }
    }

    private static void respond(OutputStream out, String status, String error, boolean close) throws IOException {
        byte[] body = error == null ? BODY : error.getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /**
     * One line without its CRLF (or bare LF), or null at the end of the stream before any byte of a line. Throws
     * IOException for a line longer than {@link #MAX_LINE} or a stream that ends inside a line.
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("request line or header longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("connection closed inside a line");
        }
        return null;
    }
}
