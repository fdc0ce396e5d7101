package io.github.gort.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program to completion with a timeout, capturing its output in temporary files (so a chatty program can
 * never block on a full pipe). A program still running at the timeout is killed with all its descendants.
 */
public final class ProcessRunner {
    private final Duration timeout;

    /** A runner that kills programs still running after {@code timeout}. */
    public ProcessRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** The per-process timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Starts {@code command} and waits for it, at most the timeout.
     *
     * @throws IOException          when the program cannot be started (the message names it)
     * @throws InterruptedException when this thread is interrupted; the program is killed first
     */
    public ProcessOutcome run(Command command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("gort-bench-", ".out");
        Path err = Files.createTempFile("gort-bench-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command.argv()).directory(command.cwd().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(command.env());
            long start = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IOException("cannot start " + command.display() + ": " + e.getMessage(), e);
            }
            boolean finished;
            try {
                finished = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (!finished) {
                kill(p);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ProcessOutcome(command, finished ? p.exitValue() : -1, !finished, read(out),
                    String.join("\n", read(err)), elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static List<String> read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read captured output " + file, e);
        }
    }
}
