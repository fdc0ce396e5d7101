package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ordinary java.io code over a gort connection's InputStream and OutputStream views. */
class ConnStreamsTest {
    private static Config config(int procs) {
        return TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs));
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aLineProtocolWithBufferedReaderAndPrintWriter(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                Go.go(() -> {                                   // an upper-casing line server
                    BufferedReader in = new BufferedReader(new InputStreamReader(p.server().inputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(new OutputStreamWriter(p.server().outputStream(), StandardCharsets.UTF_8), true);
                    for (String line; (line = io(in::readLine)) != null; ) {
                        out.println(line.toUpperCase());
                    }
                    out.close();                                // closes the connection
                });
                PrintWriter out = new PrintWriter(new OutputStreamWriter(p.client().outputStream(), StandardCharsets.UTF_8), true);
                BufferedReader in = new BufferedReader(new InputStreamReader(p.client().inputStream(), StandardCharsets.UTF_8));
                for (int i = 0; i < 50; i++) {
                    out.println("hello " + i + " ünïcode");
                    assertThat(io(in::readLine)).isEqualTo("HELLO " + i + " ÜNÏCODE");
                }
                io(() -> {
                    p.client().closeWrite();
                    return null;
                });
                assertThat(io(in::readLine)).as("after the server closed").isNull();
                assertThat(out.checkError()).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void dataStreamsReadFullyAcrossManySegments(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                int size = 1 << 20;
                Go.go(() -> {
                    DataOutputStream out = new DataOutputStream(p.server().outputStream());
                    byte[] block = new byte[size];
                    for (int i = 0; i < size; i++) {
                        block[i] = (byte) (i * 31);
                    }
                    io(() -> {
                        out.writeInt(size);
                        out.write(block);
                        out.writeLong(0x5EED_CAFEL);
                        out.close();                            // flushes, closes the connection
                        return null;
                    });
                });
                DataInputStream in = new DataInputStream(p.client().inputStream());
                assertThat(io(in::readInt)).isEqualTo(size);
                byte[] got = new byte[size];
                io(() -> {
                    in.readFully(got);
                    return null;
                });
                for (int i = 0; i < size; i++) {
                    if (got[i] != (byte) (i * 31)) {
                        throw new AssertionError("byte " + i + " is " + got[i] + ", want " + (byte) (i * 31));
                    }
                }
                assertThat(io(in::readLong)).isEqualTo(0x5EED_CAFEL);
                int last = io(in::read);
                assertThat(last).as("a byte read after the peer closed").isEqualTo(-1);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aReadTimeoutSurfacesAsSocketTimeoutException(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                p.client().setReadDeadline(Instant.now().plusMillis(50));
                BufferedReader in = new BufferedReader(new InputStreamReader(p.client().inputStream(), StandardCharsets.UTF_8));
                Throwable e = catchThrowable(in::readLine);
                assertThat(e).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage(p.clientText("read", "i/o timeout"));
                assertThat(catchThrowable(() -> p.client().inputStream().read())).isInstanceOf(SocketTimeoutException.class);
            }
        });
    }
}
