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
 * A Java program in a JVM of its own, started with the flags ./gort gives gort.jar (the exports, gort-agent, no
 * JVMTI virtual-thread transitions) and this test JVM's class path, held until {@link #close}, which kills it:
 * tests use it in try-with-resources, so no JVM outlives a test, failed or not. Started by one test thread.
 */
final class ChildJvm implements AutoCloseable {
    private static final long START_SECONDS = 120;

    private final Process process;
    private final Path errFile;

    private ChildJvm(Process process, Path errFile) {
        this.process = process;
        this.errFile = errFile;
    }

    /**
     * Starts {@code java <extraFlags> <mainClass>} with env added to the environment (GODEBUG, GOMAXPROCS and
     * GOTRACEBACK from none else) and waits (up to 120 s) for its first output line, which must be readyLine.
     */
    static ChildJvm start(Map<String, String> env, Class<?> mainClass, String readyLine, String... extraFlags)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-XX:+UnlockExperimentalVMOptions", "-XX:-DoJVMTIVirtualThreadTransitions", GortProcess.AGENT_FLAG));
        cmd.addAll(List.of(extraFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("GOTRACEBACK");
        pb.environment().putAll(env);
        Path errFile = Files.createTempFile("gort-child-err", ".txt");
        pb.redirectError(errFile.toFile());
        ChildJvm child = new ChildJvm(pb.start(), errFile);
        try {
            String first = child.firstLine();
            if (!readyLine.equals(first)) {
                throw new AssertionError(mainClass.getSimpleName() + ": the first line was " + first + ", not "
                        + readyLine + "; stderr:\n" + Files.readString(errFile));
            }
            return child;
        } catch (IOException | RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /** The child's process id, as jps shows it. */
    long pid() {
        return process.pid();
    }

    /** Whether the child still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** What the child printed on standard error so far. */
    String stderr() throws IOException {
        return Files.readString(errFile);
    }

    /** Reads the first line with a deadline: a child that never prints one fails the test instead of hanging it. */
    private String firstLine() throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return GortServer.firstLine(process, out, START_SECONDS, () -> {
            try {
                return "stderr:\n" + stderr();
            } catch (IOException e) {
                return "stderr unreadable: " + e.getMessage();
            }
        });
    }

    /** Kills the child and waits for it to be gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM " + process.pid() + " still runs 30 s after it was killed");
        }
    }
}
