package io.github.gort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code gort run echoserver} and {@code gort run httphello} as {@code shared/peers/echo.sh} runs a server: a fresh
 * JVM whose first line is {@code LISTEN 127.0.0.1:PORT}, served over real loopback sockets from this (plain Java)
 * test, and stopped by closing its standard input, after which it must exit with status 0.
 */
class ServerExamplesTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"net, goroutines=virtualthread", "net, goroutines=continuation",
        "--java-net, goroutines=virtualthread"})
    void echoServerEchoesEveryByteAndExitsWhenStdinCloses(String variant) throws Exception {
        String mode = variant.substring(variant.indexOf("goroutines=") + "goroutines=".length());
        List<String> args = new ArrayList<>(List.of("echoserver"));
        if (variant.startsWith("--java-net")) {
            args.add("--java-net");
        }
        try (GortServer server = GortServer.start(Map.of("GODEBUG", "goroutines=" + mode, "GOMAXPROCS", "2"),
                args.toArray(String[]::new))) {
            assertThat(server.addr()).startsWith("127.0.0.1:");
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                    s.setSoTimeout(30_000);
                    clients.add(s);
                }
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < clients.size(); i++) {
                        byte[] msg = new byte[round == 19 ? 10_000 : 64];   // the last round spans the 4 KB buffer
                        Arrays.fill(msg, (byte) (i * 31 + round));
                        clients.get(i).getOutputStream().write(msg);
                        assertThat(clients.get(i).getInputStream().readNBytes(msg.length))
                                .as("connection %d, round %d", i, round).isEqualTo(msg);
                    }
                }
                clients.get(0).shutdownOutput();
                assertThat(clients.get(0).getInputStream().read()).as("the server closes after the client's EOF")
                        .isEqualTo(-1);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            assertThat(server.closeStdinAndWait()).as(server.stderr()).isZero();
            assertThat(server.restOfStdout()).isEmpty();
        }
    }

    @Test
    void javaNetRefusesTheContinuationMode() throws Exception {
        GortProcess p = GortProcess.run(Map.of("GODEBUG", "goroutines=continuation"), "run", "echoserver",
                "--java-net");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("--java-net needs goroutines that are virtual threads");
    }

    @Test
    void echoServerListensWhereAskedAndNamesABadAddress() throws Exception {
        GortProcess bad = GortProcess.run(Map.of(), "run", "echoserver", "-addr", "127.0.0.1:notaport");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("127.0.0.1:notaport");
        try (GortServer server = GortServer.start(Map.of(), "echoserver", "-addr=127.0.0.1:0")) {
            assertThat(server.addr()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(server.closeStdinAndWait()).isZero();
        }
    }

    @ParameterizedTest(name = "goroutines={0}")
    @ValueSource(strings = {"virtualthread", "continuation"})
    void httpHelloKeepsTheConnectionAliveUntilConnectionClose(String mode) throws Exception {
        try (GortServer server = GortServer.start(Map.of("GODEBUG", "goroutines=" + mode), "httphello")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Response first = Response.read(in);
                assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(first.headers()).containsEntry("content-length", "13").doesNotContainKey("connection");
                assertThat(first.body()).isEqualTo("hello, world\n");
                // the second request on the same connection, with a body the server must skip
                out.write(("POST /again HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nabcde"
                        + "GET /third HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Response second = Response.read(in);
                assertThat(second.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(second.body()).isEqualTo("hello, world\n");
                Response third = Response.read(in);
                assertThat(third.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(third.headers()).containsEntry("connection", "close");
                assertThat(third.body()).isEqualTo("hello, world\n");
                assertThat(in.read()).as("the server closed the connection after Connection: close").isEqualTo(-1);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                s.setSoTimeout(30_000);
                s.getOutputStream().write("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response bad = Response.read(s.getInputStream());
                assertThat(bad.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(server.closeStdinAndWait()).as(server.stderr()).isZero();
        }
    }

    /** An HTTP/1.1 response with a Content-Length body, read from a kept-alive connection. */
    private record Response(String statusLine, Map<String, String> headers, String body) {
        static Response read(InputStream in) throws IOException {
            String status = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); ) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.US_ASCII));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("connection closed inside a response; got so far: " + b);
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }
}
