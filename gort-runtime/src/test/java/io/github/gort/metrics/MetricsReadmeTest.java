package io.github.gort.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The metric names are stable and documented: README's table is exactly {@link Metrics#all()}, row by row. */
class MetricsReadmeTest {
    @Test
    void readmeTableEqualsMetricsAll() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("<!-- metrics -->\\n(.*?)<!-- /metrics -->", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has the metrics table between <!-- metrics --> markers").isTrue();
        assertThat(block.group(1)).as("README's metrics table (regenerate it from Metrics.all())").isEqualTo(table());
    }

    /** The table as README holds it: name, kind, unit, description. */
    static String table() {
        StringBuilder b = new StringBuilder("| name | kind | unit | description |\n|---|---|---|---|\n");
        for (Metrics.Description d : Metrics.all()) {
            b.append("| `").append(d.name()).append("` | ").append(d.kind()).append(" | ").append(d.unit())
                    .append(" | ").append(d.description()).append(" |\n");
        }
        return b.toString();
    }
}
