package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gort's goroutine dumps have the shape of Go 1.19's for the same programs. The Go programs and what Go 1.19
 * printed for them are in {@code src/test/resources/dumps} (deadlock.go, panicall.go and their .go119.txt); their
 * Java forms, DeadlockProgram and PanicAllProgram, run in a JVM of their own, as Go's crash tests run testprog, in
 * both goroutine modes. Compared, goroutine by goroutine in the order both print them: the first line, the
 * number of goroutines, each header's state, each frame as a function line and a tab-indented location line,
 * the program's own functions in the same order (Go's {@code main.X} is the program class's {@code X}; the
 * lambdas Java adds are skipped), the types of the sync package on the stack, and the {@code created by} line
 * with its location, or its absence. Not compared: goroutine ids, argument values, paths, pc offsets, and the
 * runtime's own frames (Go's {@code sync.runtime_SemacquireMutex}, {@code time.Sleep} are runtime calls that gort's
 * dump hides, as Go hides {@code runtime.gopark}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GoDumpTest {
    private static final Pattern HEADER = Pattern.compile("goroutine ([0-9]+) \\[([^\\]]+)\\]:");
    private static final Pattern FUNCTION = Pattern.compile("\\S.*\\(.*\\)");
    private static final Pattern LOCATION = Pattern.compile("\t\\S+:[0-9]+( \\+0x[0-9a-f]+)?");
    private static final Pattern CREATED_BY = Pattern.compile("created by (\\S+)");
    private static final Pattern GO_SYNC = Pattern.compile("sync\\.\\(\\*(\\w+)\\)\\.\\w+\\(.*");
    private static final Pattern GORT_SYNC = Pattern.compile("io\\.github\\.gort\\.sync\\.(\\w+)\\.\\w+\\(.*");

    /** One goroutine's block: header state, frame function lines, and the created-by function (or null). */
    record Block(String state, List<String> functions, String createdBy) {}

    @Test
    void deadlockDumpHasGo119sShape() throws Exception {
        String go = resource("deadlock.go119.txt");
        assertThat(blocks(go, "main")).extracting(Block::state).containsExactly("chan receive", "select",
                "semacquire", "semacquire", "chan send", "chan receive (nil chan)", "select (no cases)",
                "sync.Cond.Wait");
        for (String mode : List.of("virtualthread", "continuation")) {
            Run run = run(DeadlockProgram.class, Map.of("GODEBUG", "goroutines=" + mode));
            assertThat(run.exit).as("exit status, %s mode; stderr:%n%s", mode, run.err).isEqualTo(2);
            assertSameShape(go, run.err, "DeadlockProgram", mode);
            assertThat(firstLine(run.err)).isEqualTo(firstLine(go));
        }
    }

    @Test
    void panicWithGotracebackAllHasGo119sShape() throws Exception {
        String go = resource("panicall.go119.txt");
        for (String mode : List.of("virtualthread", "continuation")) {
            Run run = run(PanicAllProgram.class, Map.of("GODEBUG", "goroutines=" + mode, "GOTRACEBACK", "all"));
            assertThat(run.exit).as("exit status, %s mode; stderr:%n%s", mode, run.err).isEqualTo(2);
            assertSameShape(go, run.err, "PanicAllProgram", mode);
            assertThat(firstLine(go)).isEqualTo("panic: boom");
            assertThat(firstLine(run.err)).isEqualTo("panic: java.lang.IllegalStateException: boom");
        }
    }

    @Test
    void panicWithTheDefaultTracebackPrintsOnlyThePanickingGoroutine() throws Exception {
        Run run = run(PanicAllProgram.class, Map.of());
        assertThat(run.exit).isEqualTo(2);
        List<Block> blocks = blocks(run.err, "PanicAllProgram");
        assertThat(blocks).as(run.err).hasSize(1);
        assertThat(blocks.get(0).state()).isEqualTo("running");
        assertThat(blocks.get(0).functions()).containsExactly("main");
    }

    private static void assertSameShape(String go, String gort, String program, String mode) {
        List<Block> want = blocks(go, "main");
        List<Block> got = blocks(gort, program);
        assertThat(got).as("%s mode: gort's dump%n%s%nGo's%n%s", mode, gort, go).isEqualTo(want);
    }

    /**
     * The blocks of a dump, normalised: for Go, functions {@code main.X} are X, for gort the program class's
     * methods (lambdas skipped); sync types as {@code sync.T} for both; created by as the function's name.
     * Checks every line's shape on the way.
     */
    static List<Block> blocks(String dump, String program) {
        List<String> lines = dump.lines().toList();
        List<Block> out = new ArrayList<>();
        int i = 1;
        assertThat(lines.get(i)).as("a blank line after the first line").isEmpty();
        while (i < lines.size() && lines.get(i).isEmpty()) {
            i++;
            if (i >= lines.size() || !lines.get(i).startsWith("goroutine ")) {
                break;
            }
            Matcher h = HEADER.matcher(lines.get(i));
            assertThat(h.matches()).as("header line: %s", lines.get(i)).isTrue();
            i++;
            List<String> functions = new ArrayList<>();
            Set<String> syncTypes = new LinkedHashSet<>();
            String createdBy = null;
            while (i < lines.size() && !lines.get(i).isEmpty()) {
                String line = lines.get(i);
                Matcher c = CREATED_BY.matcher(line);
                if (c.matches()) {
                    createdBy = shortName(c.group(1), program);
                    assertThat(lines.get(i + 1)).as("created by's location").matches(LOCATION);
                    i += 2;
                    continue;
                }
                assertThat(line).as("a function line").matches(FUNCTION);
                assertThat(lines.get(i + 1)).as("the location line after %s", line).matches(LOCATION);
                String name = ownFunction(line, program);
                if (name != null) {
                    functions.add(name);
                }
                Matcher s = (program.equals("main") ? GO_SYNC : GORT_SYNC).matcher(line);
                if (s.matches()) {
                    syncTypes.add("sync." + s.group(1));
                }
                i += 2;
            }
            List<String> all = new ArrayList<>(syncTypes);
            all.addAll(functions);
            out.add(new Block(h.group(2), all, createdBy));
        }
        assertThat(i).as("every line read: %s", dump).isGreaterThanOrEqualTo(lines.size());
        return out;
    }

    /** X for Go's {@code main.X(...)} or gort's {@code ...Program.X(...)}; null for other frames and lambdas. */
    private static String ownFunction(String line, String program) {
        String f = line.substring(0, line.indexOf('('));
        String name = shortName(f, program);
        return name == null || name.startsWith("lambda$") ? null : name;
    }

    private static String shortName(String function, String program) {
        String prefix = program.equals("main") ? "main." : "io.github.gort.conformance." + program + ".";
        return function.startsWith(prefix) ? function.substring(prefix.length()) : null;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoDumpTest.class.getResourceAsStream("/dumps/" + name)) {
            assertThat(in).as("test resource dumps/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    record Run(int exit, String err) {}

    /** Runs program's main in a JVM of its own with env added, and returns its exit status and stderr. */
    static Run run(Class<?> program, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), program.getName());
        pb.environment().remove("GODEBUG");
        pb.environment().remove("GOTRACEBACK");
        pb.environment().putAll(env);
        Path err = Files.createTempFile("gort-dump", ".txt");
        try {
            pb.redirectError(err.toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(program.getSimpleName() + " did not end in 60 s: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
