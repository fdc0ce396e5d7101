/** The gort program: bundled examples, {@code gort bench}, and {@code gort repro 11640}. */
module io.github.gort.cli {
    requires io.github.gort.runtime;
    requires io.github.gort.bench;
    requires info.picocli;

    opens io.github.gort.cli to info.picocli;
    opens io.github.gort.cli.examples to info.picocli;
}
