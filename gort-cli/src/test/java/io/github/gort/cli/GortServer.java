package io.github.gort.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server example ({@code gort run echoserver}, {@code httphello}) in a fresh JVM, held the way
 * {@code shared/peers/echo.sh} holds it: its first output line must be {@code LISTEN host:port}, and closing its
 * standard input must end it. {@link #close} kills it if a test left it running.
 */
final class GortServer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Path errFile;
    private final String addr;

    private GortServer(Process process, BufferedReader out, Path errFile, String addr) {
        this.process = process;
        this.out = out;
        this.errFile = errFile;
        this.addr = addr;
    }

    /** Starts {@code gort run <args>} and waits (up to 120 s) for its LISTEN line. */
    static GortServer start(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", GortProcess.AGENT_FLAG,
                "-cp", System.getProperty("java.class.path"), GortCommand.class.getName(), "run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        Path errFile = Files.createTempFile("gort-server-err", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = firstLine(p, out, 120, () -> "no LISTEN line");
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        if (first == null || !first.startsWith("LISTEN ")) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gort run " + String.join(" ", args) + ": the first line was " + first
                    + ", not LISTEN host:port; stderr:\n" + Files.readString(errFile));
        }
        return new GortServer(p, out, errFile, first.substring("LISTEN ".length()).trim());
    }

    /**
     * Reads p's first line from out with a deadline of seconds: a child that never prints one must fail the test
     * (AssertionError with what(), e.g. its stderr), not hang it. Null if p ended without printing anything.
     */
    static String firstLine(Process p, BufferedReader out, long seconds, java.util.function.Supplier<String> what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        StringBuilder line = new StringBuilder();
        while (System.nanoTime() < deadline) {
            if (out.ready()) {
                int c = out.read();
                if (c < 0 || c == '\n') {
                    return c < 0 && line.isEmpty() ? null : line.toString();
                }
                line.append((char) c);
            } else if (!p.isAlive()) {
                return line.isEmpty() ? null : line.toString();
            } else {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no first line within " + seconds + " s: " + what.get());
    }

    /** The address from the LISTEN line, e.g. {@code 127.0.0.1:40123}. */
    String addr() {
        return addr;
    }

    /** The port from the LISTEN line. */
    int port() {
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }

    /** Closes the server's standard input, as echo.sh does to stop it, and waits up to 60 s for its exit status. */
    int closeStdinAndWait() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit within 60 s of its standard input closing; stderr:\n"
                    + stderr());
        }
        return process.exitValue();
    }

    /** What the server printed on stderr so far. */
    String stderr() throws IOException {
        return Files.readString(errFile, StandardCharsets.UTF_8);
    }

    /** The rest of its standard output (call after it exited). */
    String restOfStdout() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l; (l = out.readLine()) != null; ) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        out.close();
        Files.deleteIfExists(errFile);
    }
}
