package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code test/closedchan.go}: close(c) and receives from a closed channel, through direct operations, 1-case
 * selects and larger selects. Go's zero value of an int channel is gort's null. Go's panics: sending on a closed
 * channel, closing a nil channel and closing twice throw IllegalStateException with Go's texts
 * ("send on closed channel", "close of nil channel", "close of closed channel").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoClosedChanTest {
    private final List<String> failed = new ArrayList<>();

    /** Go: the Chan interface of closedchan.go; {@code Nbrecv2} returns (x, ok, selected). */
    private interface TestChan {
        void send(int x);

        boolean nbsend(int x);

        Integer recv();

        Received<Integer> nbrecv(); // null: not selected

        Received<Integer> recv2();

        Received<Integer> nbrecv2(); // null: not selected

        void close();

        String impl();
    }

    /** Direct channel operations when possible. Go: XChan. */
    private record XChan(Chan<Integer> c) implements TestChan {
        public void send(int x) {
            c.send(x);
        }

        public boolean nbsend(int x) {
            boolean[] ok = {false};
            Select.of().send(c, x, () -> ok[0] = true).onDefault(() -> { }).run();
            return ok[0];
        }

        public Integer recv() {
            return c.recv();
        }

        public Received<Integer> nbrecv() {
            Object[] got = {null};
            int i = Select.of().recv(c, x -> got[0] = x).onDefault(() -> { }).run();
            return i == 0 ? new Received<>((Integer) got[0], true) : null;
        }

        public Received<Integer> recv2() {
            return c.recvOk();
        }

        public Received<Integer> nbrecv2() {
            AtomicReference<Received<Integer>> got = new AtomicReference<>();
            Select.of().recvOk(c, got::set).onDefault(() -> { }).run();
            return got.get();
        }

        public void close() {
            c.close();
        }

        public String impl() {
            return "(<- operator)";
        }
    }

    /** Indirect operations via select. Go: SChan. */
    private record SChan(Chan<Integer> c) implements TestChan {
        public void send(int x) {
            Select.of().send(c, x).run();
        }

        public boolean nbsend(int x) {
            boolean[] ok = {false};
            Select.of().onDefault(() -> { }).send(c, x, () -> ok[0] = true).run();
            return ok[0];
        }

        public Integer recv() {
            Object[] got = {null};
            Select.of().recv(c, x -> got[0] = x).run();
            return (Integer) got[0];
        }

        public Received<Integer> nbrecv() {
            Object[] got = {null};
            int i = Select.of().onDefault(() -> { }).recv(c, x -> got[0] = x).run();
            return i == 1 ? new Received<>((Integer) got[0], true) : null;
        }

        public Received<Integer> recv2() {
            AtomicReference<Received<Integer>> got = new AtomicReference<>();
            Select.of().recvOk(c, got::set).run();
            return got.get();
        }

        public Received<Integer> nbrecv2() {
            AtomicReference<Received<Integer>> got = new AtomicReference<>();
            Select.of().onDefault(() -> { }).recvOk(c, got::set).run();
            return got.get();
        }

        public void close() {
            c.close();
        }

        public String impl() {
            return "(select)";
        }
    }

    /** Indirect operations via larger selects, with a dummy channel that is never ready. Go: SSChan. */
    private record SSChan(Chan<Integer> c, Chan<Boolean> dummy) implements TestChan {
        public void send(int x) {
            Select.of().send(c, x).recv(dummy).run();
        }

        public boolean nbsend(int x) {
            boolean[] ok = {false};
            Select.of().onDefault(() -> { }).recv(dummy, v -> {
                throw new IllegalStateException("nbsend");
            }).send(c, x, () -> ok[0] = true).run();
            return ok[0];
        }

        public Integer recv() {
            Object[] got = {null};
            Select.of().recv(dummy, v -> {
                throw new IllegalStateException("recv");
            }).recv(c, x -> got[0] = x).run();
            return (Integer) got[0];
        }

        public Received<Integer> nbrecv() {
            Object[] got = {null};
            int i = Select.of().recv(dummy, v -> {
                throw new IllegalStateException("nbrecv");
            }).onDefault(() -> { }).recv(c, x -> got[0] = x).run();
            return i == 2 ? new Received<>((Integer) got[0], true) : null;
        }

        public Received<Integer> recv2() {
            AtomicReference<Received<Integer>> got = new AtomicReference<>();
            Select.of().recv(dummy, v -> {
                throw new IllegalStateException("recv");
            }).recvOk(c, got::set).run();
            return got.get();
        }

        public Received<Integer> nbrecv2() {
            AtomicReference<Received<Integer>> got = new AtomicReference<>();
            Select.of().recv(dummy, v -> {
                throw new IllegalStateException("nbrecv");
            }).onDefault(() -> { }).recvOk(c, got::set).run();
            return got.get();
        }

        public void close() {
            c.close();
        }

        public String impl() {
            return "(select)";
        }
    }

    /** Go: shouldPanic; the panic is gort's IllegalStateException with Go's message. */
    private static void shouldPanic(String message, Runnable f) {
        assertThatThrownBy(f::run).isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    private void test1(TestChan c) {
        for (int i = 0; i < 3; i++) {
            // recv a close signal (a zero value)
            Integer x = c.recv();
            if (x != null) {
                failed.add("test1: recv on closed: " + x + " " + c.impl());
            }
            Received<Integer> r = c.recv2();
            if (r.value() != null || r.ok()) {
                failed.add("test1: recv2 on closed: " + r + " " + c.impl());
            }
            // should work with select: received a value without blocking, so selected == true.
            r = c.nbrecv();
            if (r == null || r.value() != null) {
                failed.add("test1: recv on closed nb: " + r + " " + c.impl());
            }
            r = c.nbrecv2();
            if (r == null || r.value() != null || r.ok()) {
                failed.add("test1: recv2 on closed nb: " + r + " " + c.impl());
            }
        }
        // send should work with ,ok too: sent a value without blocking, so ok == true.
        shouldPanic("send on closed channel", () -> c.nbsend(1));
        // the value should have been discarded.
        Integer x = c.recv();
        if (x != null) {
            failed.add("test1: recv on closed got non-zero after send on closed: " + x + " " + c.impl());
        }
        // similarly Send.
        shouldPanic("send on closed channel", () -> c.send(2));
        x = c.recv();
        if (x != null) {
            failed.add("test1: recv on closed got non-zero after send on closed: " + x + " " + c.impl());
        }
    }

    private void testasync1(TestChan c) {
        // should be able to get the last value via Recv
        Integer x = c.recv();
        if (x == null || x != 1) {
            failed.add("testasync1: Recv did not get 1: " + x + " " + c.impl());
        }
        test1(c);
    }

    private void testasync2(TestChan c) {
        // should be able to get the last value via Recv2
        Received<Integer> r = c.recv2();
        if (r.value() == null || r.value() != 1 || !r.ok()) {
            failed.add("testasync1: Recv did not get 1, true: " + r + " " + c.impl());
        }
        test1(c);
    }

    private void testasync3(TestChan c) {
        // should be able to get the last value via Nbrecv
        Received<Integer> r = c.nbrecv();
        if (r == null || r.value() == null || r.value() != 1) {
            failed.add("testasync2: Nbrecv did not get 1, true: " + r + " " + c.impl());
        }
        test1(c);
    }

    private void testasync4(TestChan c) {
        // should be able to get the last value via Nbrecv2
        Received<Integer> r = c.nbrecv2();
        if (r == null || r.value() == null || r.value() != 1 || !r.ok()) {
            failed.add("testasync2: Nbrecv did not get 1, true, true: " + r + " " + c.impl());
        }
        test1(c);
    }

    private static Chan<Integer> closedsync() {
        Chan<Integer> c = Chan.make();
        c.close();
        return c;
    }

    private static Chan<Integer> closedasync() {
        Chan<Integer> c = Chan.make(2);
        c.send(1);
        c.close();
        return c;
    }

    /** Go: test/closedchan.go main. */
    @Test
    void closedChan() {
        GoRun.main(() -> {
            Chan<Boolean> dummy = Chan.make();
            List<Function<Chan<Integer>, TestChan>> mks = List.of(XChan::new, SChan::new, c -> new SSChan(c, dummy));
            for (Function<Chan<Integer>, TestChan> mk : mks) {
                test1(mk.apply(closedsync()));
            }
            List<java.util.function.Consumer<TestChan>> testcloseds =
                    List.of(this::testasync1, this::testasync2, this::testasync3, this::testasync4);
            for (java.util.function.Consumer<TestChan> testclosed : testcloseds) {
                for (Function<Chan<Integer>, TestChan> mk : mks) {
                    testclosed.accept(mk.apply(closedasync()));
                }
            }
            Chan<Integer> ch = Chan.nil();
            shouldPanic("close of nil channel", ch::close);
            Chan<Integer> ch2 = Chan.make();
            ch2.close();
            shouldPanic("close of closed channel", ch2::close);
            assertThat(failed).isEmpty();
        });
    }
}
