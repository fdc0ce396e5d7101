package io.github.gort.internal.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channel behaviour as the Go specification states it (https://go.dev/ref/spec: Channel types, Send statements,
 * Receive operator, Close, For statements with range clause). Each test names the sentence it checks.
 */
class ChanSpecTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void unbufferedCommunicationSucceedsOnlyWhenBothAreReady(int procs) {
        // "If the capacity is zero or absent, the channel is unbuffered and communication succeeds only when both
        // a sender and receiver are ready."
        TestRuntimes.run(procs, () -> {
            Chan<Integer> ch = Chan.make();
            AtomicInteger sentDone = new AtomicInteger();
            Go.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    ch.send(i);
                    sentDone.incrementAndGet();
                }
            });
            Time.sleep(java.time.Duration.ofMillis(5));
            assertThat(sentDone.get()).as("a send completes only with a receiver").isZero();
            for (int i = 0; i < 1000; i++) {
                assertThat(ch.recv()).isEqualTo(i);
            }
            assertThat(ch.len()).isZero();
            assertThat(ch.cap()).isZero();
        });
    }

    @Test
    void bufferedChannelIsFifoAndSendsWithoutReceiverUntilFull() {
        // "Otherwise, the channel is buffered and communication succeeds without blocking if the buffer is not
        // full (sends) or not empty (receives)." "Channels act as first-in-first-out queues."
        TestRuntimes.run(2, () -> {
            Chan<String> ch = Chan.make(3);
            ch.send("a");
            ch.send("b");
            ch.send("c");
            assertThat(ch.len()).isEqualTo(3);
            assertThat(ch.cap()).isEqualTo(3);
            assertThat(ch.trySend("d")).as("full: a send would block").isFalse();
            assertThat(ch.recv()).isEqualTo("a");
            assertThat(ch.trySend("d")).isTrue();
            assertThat(List.of(ch.recv(), ch.recv(), ch.recv())).containsExactly("b", "c", "d");
            assertThat(ch.tryRecv()).as("empty: a receive would block").isNull();
        });
    }

    @Test
    void perSenderOrderIsKeptThroughParkedSenders() {
        TestRuntimes.run(2, () -> {
            Chan<Integer> ch = Chan.make(2);
            int senders = 4;
            int each = 5_000;
            for (int s = 0; s < senders; s++) {
                int id = s;
                Go.go(() -> {
                    for (int i = 0; i < each; i++) {
                        ch.send(id * each + i);
                    }
                });
            }
            int[] last = {-1, -1, -1, -1};
            for (int n = 0; n < senders * each; n++) {
                int v = ch.recv();
                int s = v / each;
                assertThat(v).as("FIFO per sender").isGreaterThan(last[s]);
                last[s] = v;
            }
        });
    }

    @Test
    void closedChannelDrainsThenYieldsZeroValueAndNotOk() {
        // "After calling close, and after any previously sent values have been received, receive operations will
        // return the zero value for the channel's type without blocking." "The value of ok is true if the value
        // received was delivered by a successful send operation ... or false if it is a zero value generated
        // because the channel is closed and empty."
        TestRuntimes.run(1, () -> {
            Chan<Integer> ch = Chan.make(2);
            ch.send(1);
            ch.send(2);
            ch.close();
            assertThat(ch.recvOk()).isEqualTo(new Received<>(1, true));
            assertThat(ch.recv()).isEqualTo(2);
            assertThat(ch.recv()).isNull();
            assertThat(ch.recvOk()).isEqualTo(new Received<Integer>(null, false));
            assertThat(ch.tryRecv()).isEqualTo(new Received<Integer>(null, false));
        });
    }

    @Test
    void sendOnClosedAndDoubleCloseAndNilCloseThrowGoPanicText() {
        // "Sending to or closing a closed channel causes a run-time panic. Closing the nil channel also causes a
        // run-time panic."
        TestRuntimes.run(1, () -> {
            Chan<Integer> ch = Chan.make();
            ch.close();
            assertThatThrownBy(() -> ch.send(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("send on closed channel");
            assertThatThrownBy(() -> ch.trySend(1)).hasMessage("send on closed channel");
            assertThatThrownBy(ch::close).isInstanceOf(IllegalStateException.class)
                    .hasMessage("close of closed channel");
            assertThatThrownBy(() -> Chan.nil().close()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("close of nil channel");
        });
        assertThatThrownBy(() -> Chan.make(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("makechan: size out of range");
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, Chan.MAX_CAPACITY + 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE})
    void aCapacityOutsideWhatABufferCanHoldIsRejectedBeforeAllocating(int capacity) {
        // Go: makechan panics "makechan: size out of range" for a negative size or one whose buffer cannot be
        // allocated. The buffer is a Java array: above Chan.MAX_CAPACITY the JVM refuses the allocation itself
        // (OutOfMemoryError: Requested array size exceeds VM limit), so the size is checked first.
        assertThatThrownBy(() -> Chan.make(capacity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("makechan: size out of range");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void closeWakesEveryWaiter(int procs) {
        TestRuntimes.run(procs, () -> {
            Chan<Integer> recvCh = Chan.make();
            Chan<Integer> sendCh = Chan.make();
            int n = 50;
            WaitGroup wg = new WaitGroup();
            AtomicInteger notOk = new AtomicInteger();
            AtomicInteger panicked = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                wg.go(() -> {
                    if (!recvCh.recvOk().ok()) {
                        notOk.incrementAndGet();
                    }
                });
                int v = i;
                wg.go(() -> {
                    try {
                        sendCh.send(v);
                    } catch (IllegalStateException e) {
                        assertThat(e).hasMessage("send on closed channel");
                        panicked.incrementAndGet();
                    }
                });
            }
            while (RuntimeAccess.hchan(recvCh).recvq.size() + RuntimeAccess.hchan(sendCh).sendq.size() < 2 * n) {
                Go.gosched();                                   // until every waiter is parked
            }
            recvCh.close();
            sendCh.close();
            wg.await();
            assertThat(notOk.get()).isEqualTo(n);
            assertThat(panicked.get()).isEqualTo(n);
        });
    }

    @Test
    void rangeReceivesUntilClosed() {
        // "For channels, the iteration values produced are the successive values sent on the channel until the
        // channel is closed."
        TestRuntimes.run(2, () -> {
            Chan<Integer> ch = Chan.make(4);
            Go.go(() -> {
                for (int i = 0; i < 100; i++) {
                    ch.send(i);
                }
                ch.close();
            });
            List<Integer> got = new ArrayList<>();
            for (Integer v : ch) {
                got.add(v);
            }
            assertThat(got).hasSize(100).startsWith(0, 1, 2).endsWith(99);
        });
    }

    @Test
    void nilChannelBlocksForeverSoTheDeadlockIsReported() {
        // "A nil channel is never ready for communication."
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(1), () -> Chan.<Integer>nil().recv()))
                .isInstanceOf(FatalError.class).hasMessageContaining("all goroutines are asleep - deadlock!");
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(1), () -> Chan.<Integer>nil().send(1)))
                .isInstanceOf(FatalError.class).hasMessageContaining("deadlock");
        TestRuntimes.run(1, () -> {
            assertThat(Chan.<Integer>nil().trySend(1)).isFalse();
            assertThat(Chan.<Integer>nil().tryRecv()).isNull();
            assertThat(Chan.nil().isNil()).isTrue();
        });
    }

    @Test
    void blockingOperationsOutsideAGoroutineThrow() {
        Chan<Integer> ch = Chan.make(1);
        assertThatThrownBy(() -> ch.send(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from a goroutine");
        assertThat(ch.trySend(1)).isTrue();                    // non-blocking forms work anywhere
        assertThat(ch.tryRecv()).isEqualTo(new Received<>(1, true));
        ch.close();
    }
}
