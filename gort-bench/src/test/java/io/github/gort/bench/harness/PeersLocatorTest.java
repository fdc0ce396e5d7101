package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersLocatorTest {
    @TempDir
    Path root;

    private Path peersAt(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("jdk"));
        return dir;
    }

    @Test
    void optionWinsOverEverything() throws Exception {
        Path opt = peersAt(root.resolve("opt"));
        Path env = peersAt(root.resolve("env"));
        assertThat(PeersLocator.locate(Optional.of(opt), Optional.of(env.toString()), Optional.empty(), root))
                .isEqualTo(opt);
    }

    @Test
    void environmentVariableComesNext() throws Exception {
        Path env = peersAt(root.resolve("env"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.of(env.toString()), Optional.empty(), root))
                .isEqualTo(env);
    }

    @Test
    void thenGortHomeSiblingShared() throws Exception {
        Path home = Files.createDirectories(root.resolve("main"));
        Path peers = peersAt(root.resolve("shared/peers"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.empty(), Optional.of(home.toString()),
                root.resolve("elsewhere"))).isEqualTo(peers);
    }

    @Test
    void thenRelativeToTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectories(root.resolve("main"));
        Path peers = peersAt(root.resolve("shared/peers"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.empty(), Optional.empty(), cwd)).isEqualTo(peers);
    }

    @Test
    void missingPeersNameEveryPathTried() {
        Path cwd = root.resolve("a/b");
        assertThatThrownBy(() -> PeersLocator.locate(Optional.empty(), Optional.empty(),
                Optional.of(root.resolve("home").toString()), cwd))
                .isInstanceOf(PeersLocator.PeersNotFoundException.class)
                .hasMessageContaining("--peers-dir (not given)")
                .hasMessageContaining("GORT_PEERS (not set)")
                .hasMessageContaining(root.resolve("shared/peers").toString())
                .hasMessageContaining(root.resolve("a/shared/peers").toString())
                .hasMessageContaining("Pass --peers-dir DIR");
    }

    @Test
    void aWrongExplicitChoiceIsAnErrorEvenIfTheDefaultExists() throws Exception {
        Path cwd = Files.createDirectories(root.resolve("main"));
        peersAt(root.resolve("shared/peers"));
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> PeersLocator.locate(Optional.of(empty), Optional.empty(), Optional.empty(), cwd))
                .isInstanceOf(PeersLocator.PeersNotFoundException.class)
                .hasMessageContaining("exists, but has neither go/ nor jdk/");
    }
}
