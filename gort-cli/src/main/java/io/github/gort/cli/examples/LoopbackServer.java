package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * What the server examples share, the tcp-echo contract of {@code shared/peers/echo.sh}: the {@code -addr} flag as
 * Go's echoserver takes it, the {@code LISTEN host:port} line printed (and flushed) before anything else, and a
 * goroutine that reads standard input until it closes and then stops the server, which is how the harness ends it.
 * {@link Connections} holds the connections, so that stopping also closes them.
 */
final class LoopbackServer {
    /** Go's echoserver default: loopback, a port the system chooses. */
    static final String DEFAULT_ADDR = "127.0.0.1:0";

    private LoopbackServer() {}

    /**
     * The listen address from {@code -addr ADDR}, {@code --addr ADDR} or {@code -addr=ADDR} (Go's flag syntax);
     * the default when absent. Throws IllegalArgumentException for a flag without its value.
     */
    static String addr(String program, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-addr") || a.equals("--addr")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(program + ": flag needs an argument: " + a
                            + " (e.g. -addr 127.0.0.1:8080)");
                }
                return args.get(i + 1);
            }
            if (a.startsWith("-addr=") || a.startsWith("--addr=")) {
                return a.substring(a.indexOf('=') + 1);
            }
        }
        return DEFAULT_ADDR;
    }

    /** The arguments that are neither {@code -addr} nor its value, for the caller's own flags. */
    static List<String> otherArgs(List<String> args) {
        java.util.ArrayList<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-addr") || a.equals("--addr")) {
                i++;
            } else if (!a.startsWith("-addr=") && !a.startsWith("--addr=")) {
                rest.add(a);
            }
        }
        return rest;
    }

    /** Prints {@code LISTEN host:port} and flushes it: a harness waits for this line to start its load. */
    static void announce(Object addr) {
        System.out.println("LISTEN " + addr);
        System.out.flush();
    }

    /**
     * Starts a goroutine that reads standard input until end of file, then runs {@code stop} (which closes the
     * listener, so that the accept loop ends). Reading a file descriptor holds the thread that reads, so the read
     * runs in {@link Go#blockingSyscall}: the goroutine's P goes on serving connections meanwhile. The returned
     * WaitGroup is done once {@code stop} has returned: the server's {@code main} waits for it, so that the
     * listener is closed completely before the program ends.
     */
    static WaitGroup stopWhenStdinCloses(Runnable stop) {
        WaitGroup stopped = new WaitGroup();
        stopped.add(1);
        Go.go(() -> {
            try {
                Go.blockingSyscall(() -> {
                    drain(System.in);
                    exitIfStopTakesLongerThan(STOP_TIMEOUT);   // before exitsyscall, which needs a P
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("stdin: " + e.getMessage() + "; stopping");
            }
            try {
                stop.run();
            } finally {
                stopped.done();
            }
        });
        return stopped;
    }

    /** How long a clean stop may take before {@link #exitIfStopTakesLongerThan} ends the process. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Starts a platform thread that ends the process with status 1 if it is still running {@code timeout} from now,
     * as Go's echoserver ends with {@code os.Exit} whatever its goroutines do. A clean stop takes well under a
     * second; this is the guard against a runtime that no longer schedules goroutines (seen with gort's network
     * poller under 1,000 connections in the virtual-thread mode: an M holding a P blocked in the selector's
     * update lock, whose successor is a goroutine queued on that P), so that a harness that closed our standard
     * input is never left waiting. It says so on stderr.
     */
    private static void exitIfStopTakesLongerThan(Duration timeout) {
        Thread.ofPlatform().daemon().name("stop-watchdog").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();         // nobody interrupts it; if someone does, no watchdog
                return;
            }
            System.err.println("gort run: the server did not stop within " + timeout.toSeconds() + " s of its "
                    + "standard input closing (its goroutines are no longer scheduled); exiting with status 1");
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(1);
        });
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[512];
        while (in.read(buf) >= 0) {
            // the harness writes nothing; anything written is ignored, as Go's io.Copy(io.Discard, ...) does
        }
    }
}
