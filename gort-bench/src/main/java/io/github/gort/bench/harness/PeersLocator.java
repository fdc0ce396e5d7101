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
 * choice (option or variable) that does not hold peers is an error, not a reason to look further; when the default
 * places hold none, there are no peers and gort's side runs alone ({@link #defaultPlaces} says where they would be).
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
     * @return the peers directory, or empty when none was named and {@link #defaultPlaces} hold none
     * @throws PeersNotFoundException when the option or the variable names a directory without peers
     */
    public static Optional<Path> locate(Optional<Path> option, Optional<String> envValue, Optional<String> gortHome,
                                        Path workingDir) throws PeersNotFoundException {
        if (option.isPresent()) {
            return Optional.of(explicit(option.get(), "--peers-dir " + option.get()));
        }
        if (envValue.isPresent() && !envValue.get().isBlank()) {
            return Optional.of(explicit(Path.of(envValue.get()), ENV + "=" + envValue.get()));
        }
        return defaultPlaces(gortHome, workingDir).stream().filter(PeersLocator::holdsPeers).findFirst();
    }

    /**
     * Where the peers are looked for when neither {@code --peers-dir} nor {@code GORT_PEERS} names them, in order:
     * {@code <gort.home>/../shared/peers} (when gort.home is set), then {@code ../shared/peers} from the working
     * directory; absolute and normalized, without repeats.
     */
    public static List<Path> defaultPlaces(Optional<String> gortHome, Path workingDir) {
        List<Path> places = new ArrayList<>();
        gortHome.filter(h -> !h.isBlank())
                .ifPresent(h -> places.add(Path.of(h).resolve("../shared/peers").toAbsolutePath().normalize()));
        Path rel = workingDir.resolve("../shared/peers").toAbsolutePath().normalize();
        if (!places.contains(rel)) {
            places.add(rel);
        }
        return List.copyOf(places);
    }

    private static Path explicit(Path p, String how) throws PeersNotFoundException {
        Path abs = p.toAbsolutePath().normalize();
        if (holdsPeers(abs)) {
            return abs;
        }
        throw new PeersNotFoundException(how + " = " + abs
                + (Files.isDirectory(abs) ? " (exists, but has neither go/ nor jdk/)" : " (no such directory)"));
    }

    /** True when {@code dir} has a {@code go/} or {@code jdk/} subdirectory. */
    static boolean holdsPeers(Path dir) {
        return Files.isDirectory(dir.resolve("go")) || Files.isDirectory(dir.resolve("jdk"));
    }

    /** The option or the variable names a directory without peers; the message says which and what to do. */
    public static final class PeersNotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        PeersNotFoundException(String named) {
            super("peer programs not found (a directory with go/ and jdk/, e.g. shared/peers) at " + named
                    + "\nPass --peers-dir DIR or set " + ENV + "=DIR to a directory that holds them, or neither to"
                    + " run gort's side alone.");
        }
    }
}
