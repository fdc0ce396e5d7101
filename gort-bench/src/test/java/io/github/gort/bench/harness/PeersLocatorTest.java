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
                .contains(opt);
    }

    @Test
    void environmentVariableComesNext() throws Exception {
        Path env = peersAt(root.resolve("env"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.of(env.toString()), Optional.empty(), root))
                .contains(env);
    }

    @Test
    void thenGortHomeSiblingShared() throws Exception {
        Path home = Files.createDirectories(root.resolve("main"));
        Path peers = peersAt(root.resolve("shared/peers"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.empty(), Optional.of(home.toString()),
                root.resolve("elsewhere"))).contains(peers);
    }

    @Test
    void thenRelativeToTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectories(root.resolve("main"));
        Path peers = peersAt(root.resolve("shared/peers"));
        assertThat(PeersLocator.locate(Optional.empty(), Optional.empty(), Optional.empty(), cwd)).contains(peers);
    }

    @Test
    void noPeersInTheDefaultPlacesIsNoPeersNotAnError() throws Exception {
        Path cwd = root.resolve("a/b");
        Optional<String> home = Optional.of(root.resolve("home").toString());
        assertThat(PeersLocator.locate(Optional.empty(), Optional.empty(), home, cwd)).isEmpty();
        assertThat(PeersLocator.defaultPlaces(home, cwd))
                .containsExactly(root.resolve("shared/peers"), root.resolve("a/shared/peers"));
    }

    @Test
    void theDefaultPlacesAreNamedOnceEach() {
        Path home = root.resolve("main");
        assertThat(PeersLocator.defaultPlaces(Optional.of(home.toString()), home))
                .containsExactly(root.resolve("shared/peers"));
        assertThat(PeersLocator.defaultPlaces(Optional.empty(), home)).containsExactly(root.resolve("shared/peers"));
    }

    @Test
    void aMissingExplicitDirectoryIsAnErrorNamingIt() {
        Path nowhere = root.resolve("nowhere");
        assertThatThrownBy(() -> PeersLocator.locate(Optional.empty(), Optional.of(nowhere.toString()),
                Optional.empty(), root))
                .isInstanceOf(PeersLocator.PeersNotFoundException.class)
                .hasMessageContaining("GORT_PEERS=" + nowhere + " = " + nowhere + " (no such directory)")
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
