package io.github.gort.bench.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@code go} command and builds the Go peers the way run-all.sh does:
 * {@code cd peers/go && go build -o DIR/ ./...} into a fresh temporary directory.
 *
 * <p>The build reuses the user's Go build cache ({@code ~/.cache/go-build}); only when neither {@code GOCACHE},
 * {@code XDG_CACHE_HOME} nor {@code HOME} is set (as under some CI runners) does it point {@code GOCACHE} and
 * {@code GOPATH} at a temporary directory, because go refuses to build without them.
 */
public final class GoToolchain {
    /** What to tell a user without Go. */
    public static final String INSTALL_HINT =
            "install Go 1.19 from Debian's golang-go (apt-get install golang-go) to compare with Go";

    private GoToolchain() {}

    /** The first executable {@code go} on {@code PATH} (from {@code env}), or empty. */
    public static Optional<Path> find(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path go = Path.of(dir, "go");
            if (Files.isRegularFile(go) && Files.isExecutable(go)) {
                return Optional.of(go);
            }
        }
        return Optional.empty();
    }

    /**
     * Builds every Go peer into a new temporary directory.
     *
     * @param go      the go command
     * @param goDir   {@code peers/go}
     * @param env     the environment the harness runs in (to decide about GOCACHE)
     * @param timeout how long the build may take
     * @return the built programs; close it to delete them
     * @throws IOException          when the build fails; the message holds go's own error output
     * @throws InterruptedException when interrupted while building
     */
    public static GoPeers build(Path go, Path goDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(goDir.resolve("go.mod"))) {
            throw new IOException("no go.mod in " + goDir + ": is the peers directory complete?");
        }
        Path bin = Files.createTempDirectory("gort-bench-go-");
        Map<String, String> extra = new HashMap<>();
        if (!env.containsKey("GOCACHE") && !env.containsKey("XDG_CACHE_HOME") && !env.containsKey("HOME")) {
            Path tmp = Files.createTempDirectory("gort-bench-gocache-");
            extra.put("GOCACHE", tmp.resolve("cache").toString());
            extra.put("GOPATH", tmp.resolve("gopath").toString());
        }
        Command build = new Command(List.of(go.toString(), "build", "-o", bin + "/", "./..."), goDir, extra);
        ProcessOutcome o = new ProcessRunner(timeout).run(build);
        if (!o.succeeded()) {
            GoPeers.deleteTree(bin);
            throw new IOException("building the Go peers failed (" + build.display() + " in " + goDir + ", "
                    + (o.timedOut() ? "timed out after " + timeout.toSeconds() + " s" : "exit " + o.exitCode())
                    + "):\n" + o.stderr());
        }
        Command version = new Command(List.of(go.toString(), "version"), goDir, extra);
        ProcessOutcome v = new ProcessRunner(timeout).run(version);
        String ver = v.succeeded() && !v.stdout().isEmpty() ? v.stdout().get(0).trim() : "go (version unknown)";
        return new GoPeers(bin, ver);
    }
}
