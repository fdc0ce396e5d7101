package io.github.gort.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the peer programs' directory (the one holding {@code go/} and {@code jdk/}).
 *
 * <p>Order: the {@code --peers-dir} option, else the {@code GORT_PEERS} environment variable, else
 * {@code <gort.home>/../shared/peers} where the system property {@code gort.home} is the repository root (the
 * {@code ./gort} launcher sets it), else {@code ../shared/peers} relative to the working directory. An explicit
 * choice (option or variable) that does not hold peers is an error, not a reason to look further.
 */
public final class PeersLocator {
    /** The environment variable naming the peers directory. */
    public static final String ENV = "GORT_PEERS";
    /** The system property naming gort's repository root. */
    public static final String HOME_PROPERTY = "gort.home";

    private PeersLocator() {}

    /**
     * Resolves the peers directory.
     *
     * @param option     the {@code --peers-dir} value, or empty
     * @param envValue   the value of {@code GORT_PEERS}, or empty
     * @param gortHome   the value of {@code gort.home}, or empty
     * @param workingDir the working directory
     * @throws PeersNotFoundException naming every path tried and how to point at the right one
     */
    public static Path locate(Optional<Path> option, Optional<String> envValue, Optional<String> gortHome,
                              Path workingDir) throws PeersNotFoundException {
        List<String> tried = new ArrayList<>();
        if (option.isPresent()) {
            return explicit(option.get(), "--peers-dir " + option.get(), tried);
        }
        if (envValue.isPresent() && !envValue.get().isBlank()) {
            return explicit(Path.of(envValue.get()), ENV + "=" + envValue.get(), tried);
        }
        tried.add("--peers-dir (not given)");
        tried.add(ENV + " (not set)");
        if (gortHome.isPresent() && !gortHome.get().isBlank()) {
            Path p = Path.of(gortHome.get()).resolve("../shared/peers").normalize().toAbsolutePath();
            if (holdsPeers(p)) {
                return p;
            }
            tried.add("-D" + HOME_PROPERTY + "/../shared/peers = " + p);
        } else {
            tried.add("-D" + HOME_PROPERTY + " (not set)");
        }
        Path rel = workingDir.resolve("../shared/peers").normalize().toAbsolutePath();
        if (holdsPeers(rel)) {
            return rel;
        }
        tried.add("../shared/peers from the working directory = " + rel);
        throw new PeersNotFoundException(tried);
    }

    private static Path explicit(Path p, String how, List<String> tried) throws PeersNotFoundException {
        Path abs = p.toAbsolutePath().normalize();
        if (holdsPeers(abs)) {
            return abs;
        }
        tried.add(how + " = " + abs + (Files.isDirectory(abs) ? " (exists, but has neither go/ nor jdk/)" : ""));
        throw new PeersNotFoundException(tried);
    }

    /** True when {@code dir} has a {@code go/} or {@code jdk/} subdirectory. */
    static boolean holdsPeers(Path dir) {
        return Files.isDirectory(dir.resolve("go")) || Files.isDirectory(dir.resolve("jdk"));
    }

    /** No peers directory was found; the message lists what was tried and what to do. */
    public static final class PeersNotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        PeersNotFoundException(List<String> tried) {
            super("peer programs not found (a directory with go/ and jdk/, e.g. shared/peers); tried:\n  "
                    + String.join("\n  ", tried)
                    + "\nPass --peers-dir DIR or set " + ENV + "=DIR.");
        }
    }
}
