package io.github.gort.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the gort program in a fresh JVM, as Go's crash tests run test programs, and captures what it printed. */
record GortProcess(int exit, String out, String err) {
    /** gort-agent, as ./gort and java -jar gort.jar load it (the build packages gort-agent before gort-cli). */
    static final String AGENT_FLAG = "-javaagent:" + Path.of("..", "gort-agent", "target", "gort-agent.jar").toAbsolutePath();

    static GortProcess run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", GortProcess.AGENT_FLAG,
                "-cp", System.getProperty("java.class.path"), GortCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        Path outFile = java.nio.file.Files.createTempFile("gort-out", ".txt");
        Path errFile = java.nio.file.Files.createTempFile("gort-err", ".txt");
        pb.redirectOutput(outFile.toFile());
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gort " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new GortProcess(p.exitValue(), java.nio.file.Files.readString(outFile, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(errFile, StandardCharsets.UTF_8));
    }
}
