package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/HACKING.md is the whole map: it names every class of gort-runtime's main sources, in backquotes. */
class HackingMapTest {
    @Test
    void namesEveryMainClass() throws IOException {
        String map = Files.readString(Path.of("..", "docs", "HACKING.md"));
        List<String> classes;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            classes = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .sorted()
                    .toList();
        }
        assertThat(classes).as("main classes found").hasSizeGreaterThan(50);
        List<String> missing = classes.stream().filter(c -> !map.contains("`" + c + "`")).toList();
        assertThat(missing).as("classes docs/HACKING.md does not name (add each to its package's list)").isEmpty();
    }
}
