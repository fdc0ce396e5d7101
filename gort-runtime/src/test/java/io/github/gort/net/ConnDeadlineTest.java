package io.github.gort.net;

import static io.github.gort.net.NetTests.io;
import static io.github.gort.net.NetTests.ioRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Time;
import io.github.gort.testing.TestRuntimes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read and write deadlines (Go: net/timeout_test.go TestReadTimeout, TestWriteTimeout, TestReadTimeoutMustNotReturn):
 * a deadline that passes fails the waiting call with {@code i/o timeout}, a deadline moved later before it passes
 * does not fire at the old time, a deadline in the past fails at once even with data ready, and the connection
 * works again once the deadline is moved. Lower bounds on the waits are exact (less 1 ms for the wall clock to
 * monotonic conversion); upper bounds only catch a hang.
 */
class ConnDeadlineTest {
    private static final long DEADLINE_MS = 100;
    /** Slack for Instant.now() (microseconds) against System.nanoTime() in Conn's conversion. */
    private static final long CLOCK_SLACK_MS = 1;
    private static final long HANG_MS = 5_000;

    private static Config config(int procs) {
        return TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs));
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aReadDeadlineThatPassesFailsTheReadThenReadingWorksOnceItIsMoved(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                long t0 = System.nanoTime();
                p.client().setReadDeadline(Instant.now().plusMillis(DEADLINE_MS));
                Throwable e = catchThrowable(() -> p.client().read(new byte[1]));
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;

                assertThat(e).isInstanceOf(IOTimeoutException.class).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage(p.clientText("read", "i/o timeout"));
                IOTimeoutException te = (IOTimeoutException) e;
                assertThat(te.timeout()).isTrue();
                assertThat(te.op()).isEqualTo("read");
                assertThat(te.err()).isEqualTo("i/o timeout");
                assertThat(te.source()).isEqualTo(p.client().localAddr());
                assertThat(te.addr()).isEqualTo(p.client().remoteAddr());
                assertThat(waitedMs).as("ms the read waited").isBetween(DEADLINE_MS - CLOCK_SLACK_MS, HANG_MS);

                // Still expired: a second read fails at once, as in Go.
                assertThat(catchThrowable(() -> p.client().read(new byte[1]))).isInstanceOf(IOTimeoutException.class);

                // Go: reading after a timeout succeeds once the deadline is extended.
                p.client().setReadDeadline(Conn.NO_DEADLINE);
                io(() -> p.server().write(new byte[] {42}));
                byte[] b = new byte[1];
                assertThat(io(() -> p.client().read(b))).isEqualTo(1);
                assertThat(b[0]).isEqualTo((byte) 42);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aDeadlineMovedLaterWhileTheReaderWaitsDoesNotFireAtTheOldTime(int procs) {
        long oldMs = 200;
        long movedToMs = 400;
        TestRuntimes.run(config(procs), () -> {
            for (int attempt = 1; ; attempt++) {
                try (NetTests.Pair p = NetTests.Pair.open()) {
                    Chan<Object> outcome = Chan.make(1);
                    long t0 = System.nanoTime();
                    Instant start = Instant.now();
                    p.client().setReadDeadline(start.plusMillis(oldMs));
                    Go.go(() -> outcome.send(readOutcome(p.client())));
                    NetTests.awaitPollWaiters(1);           // the reader is parked, its old deadline armed
                    p.client().setReadDeadline(start.plusMillis(movedToMs));
                    long movedAtMs = (System.nanoTime() - t0) / 1_000_000;
                    Object got = outcome.recv();
                    long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                    if (movedAtMs >= oldMs - 20 && attempt < 3) {
                        continue;                           // the machine was too slow to move it in time: again
                    }
                    assertThat(movedAtMs).as("ms until the deadline was moved (attempt %d)", attempt).isLessThan(oldMs);
                    assertThat(got).isInstanceOf(IOTimeoutException.class);
                    assertThat(((Throwable) got)).hasMessage(p.clientText("read", "i/o timeout"));
                    assertThat(waitedMs).as("ms until the moved deadline fired").isBetween(movedToMs - CLOCK_SLACK_MS, HANG_MS);
                    return;
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aDeadlineRemovedWhileTheReaderWaitsNeverFires(int procs) {
        long oldMs = 100;
        TestRuntimes.run(config(procs), () -> {
            for (int attempt = 1; ; attempt++) {
                try (NetTests.Pair p = NetTests.Pair.open()) {
                    Chan<Object> outcome = Chan.make(1);
                    long t0 = System.nanoTime();
                    p.client().setReadDeadline(Instant.now().plusMillis(oldMs));
                    Go.go(() -> outcome.send(readOutcome(p.client())));
                    NetTests.awaitPollWaiters(1);
                    p.client().setReadDeadline(Conn.NO_DEADLINE);
                    long removedAtMs = (System.nanoTime() - t0) / 1_000_000;
                    if (removedAtMs >= oldMs - 20 && attempt < 3) {
                        p.client().close();                 // too slow to remove it in time: again
                        outcome.recv();
                        continue;
                    }
                    assertThat(removedAtMs).as("ms until the deadline was removed (attempt %d)", attempt).isLessThan(oldMs);
                    Time.sleep(Duration.ofMillis(oldMs + 50));   // well past the removed deadline
                    io(() -> p.server().write(new byte[] {7}));
                    assertThat(outcome.recv()).as("the read's outcome").isEqualTo(1);
                    return;
                }
            }
        });
    }

    /** What one 1-byte read gave: its count, or the exception. */
    private static Object readOutcome(Conn c) {
        try {
            return c.read(new byte[1]);
        } catch (IOException e) {
            return e;
        }
    }

    /** Go: TestReadTimeout's first case, "read deadlines work, even if there's data ready to be read". */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aReadDeadlineInThePastFailsAtOnceEvenWithDataReady(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                io(() -> p.server().write("READ TIMEOUT TEST".getBytes()));
                p.client().setReadDeadline(Instant.now().minusSeconds(5));
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    assertThat(catchThrowable(() -> p.client().read(new byte[1])))
                            .isInstanceOf(IOTimeoutException.class).hasMessage(p.clientText("read", "i/o timeout"));
                    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms a past deadline waited").isLessThan(HANG_MS);
                }
                p.client().setReadDeadline(Conn.NO_DEADLINE);
                byte[] b = new byte[17];
                int got = 0;
                while (got < b.length) {
                    int off = got;
                    got += io(() -> p.client().read(b, off, b.length - off));
                }
                assertThat(new String(b)).isEqualTo("READ TIMEOUT TEST");
            }
        });
    }

    /** Go: TestWriteTimeout (both cases) with a peer that never reads, so the write must block. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void aWriteDeadlineFiresOnceThePeersBufferIsFullAndAPastOneFailsAtOnce(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                p.client().setWriteDeadline(Instant.now().minusSeconds(5));
                assertThat(catchThrowable(() -> p.client().write(new byte[1])))
                        .isInstanceOf(IOTimeoutException.class).hasMessage(p.clientText("write", "i/o timeout"));

                long t0 = System.nanoTime();
                p.client().setWriteDeadline(Instant.now().plusMillis(DEADLINE_MS));
                IOException e = NetTests.writeUntilError(p.client());
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(e).isInstanceOf(IOTimeoutException.class).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage(p.clientText("write", "i/o timeout"));
                assertThat(((OpError) e).timeout()).isTrue();
                assertThat(waitedMs).as("ms until the write deadline fired").isBetween(DEADLINE_MS - CLOCK_SLACK_MS, HANG_MS);

                // The reading side has no deadline and is unaffected.
                io(() -> p.server().write(new byte[] {1}));
                assertThat(io(() -> p.client().read(new byte[1]))).isEqualTo(1);
            }
        });
    }

    /** Go: TestReadTimeoutMustNotReturn / TestWriteTimeoutMustNotReturn set both, then clear one. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void setDeadlineCoversBothDirections(int procs) {
        TestRuntimes.run(config(procs), () -> {
            try (NetTests.Pair p = NetTests.Pair.open()) {
                p.client().setDeadline(Instant.now().minusSeconds(5));
                assertThat(catchThrowable(() -> p.client().read(new byte[1])))
                        .isInstanceOf(IOTimeoutException.class).hasMessage(p.clientText("read", "i/o timeout"));
                assertThat(catchThrowable(() -> p.client().write(new byte[1])))
                        .isInstanceOf(IOTimeoutException.class).hasMessage(p.clientText("write", "i/o timeout"));

                p.client().setWriteDeadline(Conn.NO_DEADLINE);     // the read deadline stays in the past
                io(() -> p.client().write(new byte[] {5}));
                assertThat(catchThrowable(() -> p.client().read(new byte[1]))).isInstanceOf(IOTimeoutException.class);
                assertThat(io(() -> p.server().read(new byte[1]))).isEqualTo(1);

                p.client().setDeadline(Conn.NO_DEADLINE);
                ioRun(() -> p.server().write(new byte[] {6}));
                assertThat(io(() -> p.client().read(new byte[1]))).isEqualTo(1);
            }
        });
    }
}
