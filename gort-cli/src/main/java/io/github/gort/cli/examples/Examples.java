package io.github.gort.cli.examples;

import java.util.Iterator;
import java.util.List;

/** The bundled examples, in the order {@code gort run --help} lists them. */
public final class Examples {
    private static final List<Example> ALL = List.of(new Hello(), new Spawn(), new Syscalls(), new Panic(), new Deadlock(), new Primes(), new PingPong(), new Pipeline(), new BinaryTrees(), new EchoServer(), new HttpHello());

    private Examples() {}

    public static Example find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return ALL.stream().map(Example::name).toList();
    }

    public static List<Example> all() {
        return ALL;
    }

    /** Completion candidates for picocli. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
