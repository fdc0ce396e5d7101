package io.github.gort.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Go peers, built into a temporary directory. Closing deletes the directory.
 *
 * @param binDir  where {@code go build -o} put the programs
 * @param version what {@code go version} printed
 */
public record GoPeers(Path binDir, String version) implements AutoCloseable {
    /** Deletes the built programs. */
    @Override
    public void close() {
        deleteTree(binDir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary Go build directory " + dir, e);
        }
    }
}
