/** The gort program: bundled examples, {@code gort bench}, {@code gort repro 11640} and {@code gort dump PID}. */
module io.github.gort.cli {
    requires io.github.gort.runtime;
    requires io.github.gort.bench;
    requires info.picocli;
    requires java.management;
    requires java.management.rmi;
    requires jdk.attach;

    opens io.github.gort.cli to info.picocli;
    opens io.github.gort.cli.examples to info.picocli;
}
