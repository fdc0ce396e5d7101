package io.github.gort.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of {@link NetStressTest}, run in a child JVM (plain JDK 25: virtual threads and java.net
 * sockets, nothing of gort) so that the 10,000 client sockets do not count against the test JVM's descriptors.
 *
 * <p>Arguments: {@code host port connections messages dialsInFlight timeoutSeconds}. It dials every connection
 * (at most dialsInFlight dials at a time), makes one round trip on each (so the server has accepted it and serves
 * it), waits until all of them are open at once, then makes the remaining messages-1 round trips on each: a
 * 64-byte message whose bytes depend on the connection and the message number, checked byte for byte when it
 * comes back. Then it closes each connection (the client closes first: TIME_WAIT stays here). Its last line is
 * {@code RESULT connections=C concurrent=N roundTrips=R mismatches=M errors=E}, then the first error, if any.
 *
 * <p>Field table: the counters are atomics written by the connections' virtual threads and read by main once the
 * executor has ended; {@code allOpen} and {@code release} are the latches between them.
 */
public final class EchoStressClient {
    static final int MESSAGE = 64;

    private final InetSocketAddress server;
    private final int messages;
    private final int timeoutMillis;
    private final Semaphore dials;
    private final CountDownLatch allOpen;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    private EchoStressClient(InetSocketAddress server, int connections, int messages, int dialsInFlight,
                             int timeoutSeconds) {
        this.server = server;
        this.messages = messages;
        this.timeoutMillis = timeoutSeconds * 1000;
        this.dials = new Semaphore(dialsInFlight);
        this.allOpen = new CountDownLatch(connections);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 6) {
            System.err.println("usage: EchoStressClient host port connections messages dialsInFlight timeoutSeconds");
            System.exit(2);
        }
        int connections = Integer.parseInt(args[2]);
        int timeoutSeconds = Integer.parseInt(args[5]);
        EchoStressClient c = new EchoStressClient(new InetSocketAddress(args[0], Integer.parseInt(args[1])),
                connections, Integer.parseInt(args[3]), Integer.parseInt(args[4]), timeoutSeconds);
        int concurrent;
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                int id = i;
                exec.submit(() -> c.connection(id));
            }
            if (!c.allOpen.await(timeoutSeconds, TimeUnit.SECONDS)) {
                c.error("not every connection opened within " + timeoutSeconds + " s: " + c.allOpen.getCount()
                        + " missing");
            }
            concurrent = c.open.get();           // nobody closes before release, except after an error
            c.release.countDown();
        }
        System.out.printf("RESULT connections=%d concurrent=%d roundTrips=%d mismatches=%d errors=%d%n",
                connections, concurrent, c.roundTrips.sum(), c.mismatches.sum(), c.errors.sum());
        if (c.firstError.get() != null) {
            System.out.println("FIRST-ERROR " + c.firstError.get());
        }
    }

    private void connection(int id) {
        boolean counted = false;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            dials.acquire();
            try {
                s.connect(server, timeoutMillis);
            } finally {
                dials.release();
            }
            open.incrementAndGet();
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] sent = new byte[MESSAGE];
            byte[] got = new byte[MESSAGE];
            roundTrip(id, 0, in, out, sent, got);
            allOpen.countDown();
            counted = true;
            if (!release.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException("connection " + id + ": never released");
            }
            for (int m = 1; m < messages; m++) {
                roundTrip(id, m, in, out, sent, got);
            }
            open.decrementAndGet();
        } catch (IOException | RuntimeException e) {
            error("connection " + id + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error("connection " + id + ": interrupted");
        } finally {
            if (!counted) {
                allOpen.countDown();
            }
        }
    }

    private void roundTrip(int id, int m, InputStream in, OutputStream out, byte[] sent, byte[] got)
            throws IOException {
        pattern(id, m, sent);
        out.write(sent);
        for (int n = 0; n < got.length; ) {
            int r = in.read(got, n, got.length - n);
            if (r < 0) {
                throw new IOException("connection " + id + ": EOF after " + n + " bytes of echo " + m);
            }
            n += r;
        }
        for (int i = 0; i < MESSAGE; i++) {
            if (got[i] != sent[i]) {
                mismatches.increment();
                firstError.compareAndSet(null, "connection " + id + " message " + m + ": byte " + i + " came back as " + got[i]
                        + " instead of " + sent[i]);
                return;
            }
        }
        roundTrips.increment();
    }

    /** Message m of connection id: its id and m in the first 8 bytes, then bytes mixed from both. */
    static void pattern(int id, int m, byte[] b) {
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (id >>> (8 * i));
            b[4 + i] = (byte) (m >>> (8 * i));
        }
        int x = id * 0x9E3779B1 ^ m * 0x85EBCA6B;
        for (int i = 8; i < b.length; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
    }

    private void error(String what) {
        errors.increment();
        firstError.compareAndSet(null, what);
    }
}
