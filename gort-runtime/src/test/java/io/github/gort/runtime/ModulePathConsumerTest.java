package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gort as a Java user gets it: a program in its own module, compiled and run on the module path against the built
 * module {@code io.github.gort.runtime} (target/classes, which holds module-info.class after {@code compile}).
 *
 * <p>The API works; the machinery does not compile against, and reflection cannot reach it either, so the break
 * of issue 10 (a user-made {@code PLocal.Registry} handing out slot 0, the runtime's gcw slot) cannot be written;
 * the module exports exactly the five API packages, and README's list of exported types is the built one; without
 * the JVM flag a program stops at start-up with the flag for the way gort was loaded.
 */
class ModulePathConsumerTest {
    /** The built module: the descriptor and the classes, as the compile phase leaves them. */
    private static final Path MODULE = Path.of("target", "classes").toAbsolutePath();
    private static final String FLAG_MODULE_PATH = "--add-exports java.base/jdk.internal.vm=io.github.gort.runtime";
    private static final String FLAG_CLASS_PATH = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String OPENS_MODULE_PATH = "--add-opens java.base/java.lang=io.github.gort.runtime";
    private static final String OPENS_CLASS_PATH = "--add-opens java.base/java.lang=ALL-UNNAMED";
    private static final List<String> API_PACKAGES =
            List.of("io.github.gort.runtime", "io.github.gort.heap", "io.github.gort.sync", "io.github.gort.context",
                    "io.github.gort.net", "io.github.gort.metrics", "io.github.gort.trace",
                    "io.github.gort.management");

    private static final String DEMO_MODULE = """
            module demo {
                requires io.github.gort.runtime;
            }
            """;

    /** Goroutines, an unbuffered channel, a WaitGroup, and a linked list on gort's heap that survives a GC. */
    private static final String DEMO_MAIN = """
            package demo;

            import io.github.gort.heap.Heap;
            import io.github.gort.heap.Mutator;
            import io.github.gort.heap.Shape;
            import io.github.gort.runtime.Chan;
            import io.github.gort.runtime.Config;
            import io.github.gort.runtime.Go;
            import io.github.gort.runtime.GoRuntime;
            import io.github.gort.sync.WaitGroup;

            public class Main {
                public static void main(String[] args) {
                    GoRuntime.run(Config.fromEnvironment().gomaxprocs(2), () -> {
                        Chan<Integer> squares = Chan.make();
                        WaitGroup wg = new WaitGroup();
                        wg.add(10);
                        for (int i = 1; i <= 10; i++) {
                            int n = i;
                            Go.go(() -> { squares.send(n * n); wg.done(); });
                        }
                        Go.go(() -> { wg.await(); squares.close(); });
                        int sum = 0;
                        for (int v : squares) sum += v;
                        System.out.println("sum of squares: " + sum);

                        Heap heap = Heap.current();
                        Shape node = heap.shape(1, 1);
                        try (Mutator mu = heap.mutator()) {
                            int head = mu.push(0);
                            for (int i = 1; i <= 1000; i++) {
                                long n = mu.alloc(node);
                                mu.setPtr(n, 0, mu.root(head));
                                mu.setWord(n, 1, i);
                                mu.setRoot(head, n);
                                mu.alloc(node);                      // garbage
                            }
                            heap.collect();
                            long total = 0;
                            for (long n = mu.root(head); n != 0; n = mu.get(n, 0)) total += mu.get(n, 1);
                            System.out.println("list after GC: " + total + ", cycles: " + heap.stats().gcCycles());
                        }
                    });
                }
            }
            """;

    /** Tries reflection on the machinery: a P-local registry (the slot break) and the Sched behind a GoRuntime. */
    private static final String DEMO_REFLECT = """
            package demo;

            import io.github.gort.runtime.Config;
            import io.github.gort.runtime.GoRuntime;

            public class Reflect {
                public static void main(String[] args) throws Exception {
                    Class<?> registry = Class.forName("io.github.gort.internal.scheduler.PLocal$Registry");
                    try {
                        Object r = registry.getConstructor().newInstance();
                        System.out.println("BROKEN: constructed " + r);
                    } catch (IllegalAccessException e) {
                        System.out.println("new Registry: " + e);
                    }
                    try {
                        registry.getDeclaredConstructor().setAccessible(true);
                        System.out.println("BROKEN: opened the Registry constructor");
                    } catch (RuntimeException e) {
                        System.out.println("setAccessible Registry: " + e);
                    }
                    try {
                        GoRuntime.class.getDeclaredField("sched").setAccessible(true);
                        System.out.println("BROKEN: opened GoRuntime.sched");
                    } catch (RuntimeException e) {
                        System.out.println("setAccessible GoRuntime.sched: " + e);
                    }
                }
            }
            """;

    /**
     * A goroutine in a loop without runtime calls, at GOMAXPROCS=1, and a sleeper: the sleeper wakes only if the
     * loop is preempted. The spinner gives up after 2 s (System.nanoTime is no runtime call), so the program ends
     * either way, printing the sleeper's latest wake-up.
     */
    private static final String DEMO_SPIN = """
            package demo;

            import io.github.gort.runtime.Config;
            import io.github.gort.runtime.Go;
            import io.github.gort.runtime.GoRuntime;
            import io.github.gort.runtime.Time;
            import java.time.Duration;

            public class Spin {
                static volatile boolean stop;
                static volatile long sink;

                public static void main(String[] args) {
                    System.out.println("preemption: " + GoRuntime.preemption());
                    long[] worst = new long[1];
                    GoRuntime.run(Config.fromEnvironment().gomaxprocs(1), () -> {
                        long giveUp = System.nanoTime() + 2_000_000_000L;
                        Go.go(() -> {
                            long x = 1;
                            while (!stop && System.nanoTime() < giveUp) {
                                for (int i = 0; i < 1000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
                            }
                            sink = x;
                        });
                        for (int i = 0; i < 10; i++) {
                            long t = System.nanoTime();
                            Time.sleep(Duration.ofMillis(1));
                            worst[0] = Math.max(worst[0], System.nanoTime() - t);
                        }
                        stop = true;
                    });
                    System.out.println("worst wake-up ms: " + worst[0] / 1_000_000);
                }
            }
            """;
    private static final Path AGENT = Path.of("..", "gort-agent", "target", "gort-agent.jar").toAbsolutePath();

    @TempDir
    static Path tmp;
    private static Path demoClasses;

    @BeforeAll
    static void compileDemo() throws IOException {
        assertThat(MODULE.resolve("module-info.class")).as("the built module descriptor (run the compile phase)")
                .exists();
        Path src = tmp.resolve("demo-src");
        demoClasses = tmp.resolve("demo-classes");
        Compiled c = compile(src, demoClasses, Map.of("module-info.java", DEMO_MODULE,
                "demo/Main.java", DEMO_MAIN, "demo/Reflect.java", DEMO_REFLECT, "demo/Spin.java", DEMO_SPIN));
        assertThat(c.ok()).as("the demo module compiles; diagnostics:\n" + c.messages()).isTrue();
    }

    @Test
    void aProgramOnTheModulePathRunsGoroutinesChannelsWaitGroupAndTheHeap() throws Exception {
        Run r = java(List.of("--module-path", modulePath(), "--add-exports", "java.base/jdk.internal.vm=io.github.gort.runtime",
                "--add-opens", "java.base/java.lang=io.github.gort.runtime", "-m", "demo/demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).contains("sum of squares: 385")
                .contains("list after GC: 500500, cycles: ");   // 1 + ... + 1000: every live node survived
        Matcher cycles = Pattern.compile("cycles: (\\d+)").matcher(r.out());
        assertThat(cycles.find()).isTrue();
        assertThat(Long.parseLong(cycles.group(1))).as("GC cycles").isPositive();
    }

    /**
     * gort-agent on the module path: the runtime module exports its poll package to the rewritten module demo (and
     * to no one else), so the loop is preempted and the sleeper wakes within its slice.
     */
    @Test
    void onTheModulePathTheAgentPreemptsALoopOfANamedModule() throws Exception {
        assertThat(AGENT).as("gort-agent's jar (the build packages gort-agent before gort-runtime)").exists();
        Run r = java(List.of("-javaagent:" + AGENT, "--module-path", modulePath(), "--add-exports",
                "java.base/jdk.internal.vm=io.github.gort.runtime", "--add-opens", "java.base/java.lang=io.github.gort.runtime",
                "-m", "demo/demo.Spin"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).contains("preemption: LOOP_POLLS");
        assertThat(wakeMillis(r)).as("the sleeper's worst wake-up, ms (the spinner gives up at 2000)").isLessThan(1000);
    }

    @Test
    void onTheClassPathTheAgentPreemptsALoop() throws Exception {
        Run r = java(List.of("-javaagent:" + AGENT, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", MODULE + File.pathSeparator + demoClasses,
                "demo.Spin"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).contains("preemption: LOOP_POLLS");
        assertThat(wakeMillis(r)).as("the sleeper's worst wake-up, ms").isLessThan(1000);
    }

    /** Go's key turns it off: the loop keeps the only P until it gives up, and the sleeper waits for that. */
    @Test
    void withAsyncpreemptoffTheLoopKeepsThePUntilItEnds() throws Exception {
        Run r = java(List.of("-javaagent:" + AGENT, "-Dgort.godebug=asyncpreemptoff=1", "--add-exports",
                "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", MODULE + File.pathSeparator + demoClasses, "demo.Spin"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).contains("preemption: OFF_BY_GODEBUG");
        assertThat(wakeMillis(r)).as("the sleeper's worst wake-up, ms").isGreaterThanOrEqualTo(1500);
    }

    private static long wakeMillis(Run r) {
        Matcher m = Pattern.compile("worst wake-up ms: (\\d+)").matcher(r.out());
        assertThat(m.find()).as("output:\n" + r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aConsumerImportingTheSchedulerDoesNotCompile() throws IOException {
        Compiled c = compile(tmp.resolve("spy-src"), tmp.resolve("spy-classes"), Map.of(
                "module-info.java", "module spy { requires io.github.gort.runtime; }",
                "spy/Spy.java", """
                        package spy;

                        import io.github.gort.internal.scheduler.PLocal;

                        public class Spy {
                            static PLocal.Registry registry = new PLocal.Registry();
                        }
                        """));
        assertThat(c.ok()).isFalse();
        assertThat(c.messages()).contains("package io.github.gort.internal.scheduler is declared in module"
                + " io.github.gort.runtime, which does not export it to module spy");
    }

    @Test
    void aConsumerImportingDiagnosisDoesNotCompile() throws IOException {
        Compiled c = compile(tmp.resolve("diag-src"), tmp.resolve("diag-classes"), Map.of(
                "module-info.java", "module diag { requires io.github.gort.runtime; }",
                "diag/Diag.java", """
                        package diag;

                        import io.github.gort.diagnosis.Diagnosis;

                        public class Diag {
                            static void run() { Diagnosis.forEachP(p -> { }); }
                        }
                        """));
        assertThat(c.ok()).isFalse();
        assertThat(c.messages()).contains("package io.github.gort.diagnosis is declared in module"
                + " io.github.gort.runtime, which does not export it to module diag");
    }

    /** The slot break of issue 10 needs a {@code PLocal.Registry}: reflection cannot make one, nor open the Sched. */
    @Test
    void reflectionFromTheConsumerCannotReachTheMachinery() throws Exception {
        Run r = java(List.of("--module-path", modulePath(), "--add-exports", "java.base/jdk.internal.vm=io.github.gort.runtime",
                "--add-opens", "java.base/java.lang=io.github.gort.runtime", "-m", "demo/demo.Reflect"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).doesNotContain("BROKEN")
                .contains("new Registry: java.lang.IllegalAccessException: class demo.Reflect (in module demo) cannot"
                        + " access class io.github.gort.internal.scheduler.PLocal$Registry (in module"
                        + " io.github.gort.runtime) because module io.github.gort.runtime does not export"
                        + " io.github.gort.internal.scheduler to module demo")
                .contains("setAccessible Registry: java.lang.reflect.InaccessibleObjectException: Unable to make"
                        + " public io.github.gort.internal.scheduler.PLocal$Registry() accessible: module"
                        + " io.github.gort.runtime does not \"exports io.github.gort.internal.scheduler\" to module demo")
                .contains("setAccessible GoRuntime.sched: java.lang.reflect.InaccessibleObjectException: Unable to"
                        + " make field private final io.github.gort.internal.scheduler.Sched"
                        + " io.github.gort.runtime.GoRuntime.sched accessible: module io.github.gort.runtime does not"
                        + " \"opens io.github.gort.runtime\" to module demo");
    }

    @Test
    void withoutTheFlagOnTheModulePathTheStartUpMessageNamesTheModule() throws Exception {
        Run r = java(List.of("--module-path", modulePath(), "-m", "demo/demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isNotZero();
        assertThat(r.out()).contains("Add this flag to the java command: " + FLAG_MODULE_PATH + " ")
                .doesNotContain("sum of squares");
    }

    @Test
    void withoutTheFlagOnTheClassPathTheStartUpMessageNamesAllUnnamed() throws Exception {
        Run r = java(List.of("-cp", MODULE + File.pathSeparator + demoClasses, "demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isNotZero();
        assertThat(r.out()).contains("Add this flag to the java command: " + FLAG_CLASS_PATH + " ")
                .doesNotContain("sum of squares");
    }

    /** The virtual-thread goroutine mode (the default) needs java.lang opened too: the message names that flag. */
    @Test
    void withoutTheOpensFlagOnTheModulePathTheStartUpMessageNamesIt() throws Exception {
        Run r = java(List.of("--module-path", modulePath(), "--add-exports", "java.base/jdk.internal.vm=io.github.gort.runtime",
                "-m", "demo/demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isNotZero();
        assertThat(r.out()).contains("Add this flag to the java command: " + OPENS_MODULE_PATH + " ")
                .contains("or run with GODEBUG=goroutines=continuation")
                .doesNotContain("sum of squares");
    }

    @Test
    void withoutTheOpensFlagOnTheClassPathTheStartUpMessageNamesAllUnnamed() throws Exception {
        Run r = java(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", MODULE + File.pathSeparator + demoClasses, "demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isNotZero();
        assertThat(r.out()).contains("Add this flag to the java command: " + OPENS_CLASS_PATH + " ")
                .doesNotContain("sum of squares");
    }

    /** The continuation mode needs only the exports flag: the same program runs without the opens flag. */
    @Test
    void theContinuationModeRunsWithoutTheOpensFlag() throws Exception {
        Run r = java(List.of("--module-path", modulePath(), "--add-exports", "java.base/jdk.internal.vm=io.github.gort.runtime",
                "-Dgort.godebug=goroutines=continuation", "-m", "demo/demo.Main"));
        assertThat(r.status()).as("exit status; output:\n" + r.out()).isZero();
        assertThat(r.out()).contains("sum of squares: 385");
    }

    @Test
    void theModuleExportsTheFourApiPackagesAndQualifiesTheRest() {
        ModuleDescriptor d = ModuleFinder.of(MODULE).find("io.github.gort.runtime").orElseThrow().descriptor();
        Map<String, Set<String>> exports = new TreeMap<>();
        d.exports().forEach(e -> exports.put(e.source(), e.isQualified() ? new TreeSet<>(e.targets()) : Set.of()));
        Map<String, Set<String>> expected = new TreeMap<>();
        API_PACKAGES.forEach(p -> expected.put(p, Set.of()));
        expected.put("io.github.gort.diagnosis", Set.of("io.github.gort.cli"));
        expected.put("io.github.gort.internal.scheduler", Set.of("io.github.gort.bench"));
        expected.put("io.github.gort.internal.chan", Set.of("io.github.gort.bench"));
        expected.put("io.github.gort.internal.gcwork", Set.of("io.github.gort.bench"));
        assertThat(exports).as("exports (package -> qualified targets; empty = to everyone)").isEqualTo(expected);
        assertThat(d.opens()).as("opens").isEmpty();
        assertThat(d.isOpen()).as("open module").isFalse();
        assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name))
                .as("requires: java.base, and the JDK's JMX (the metrics and diagnostic MXBeans) and JFR (the"
                        + " runtime's events)")
                .containsExactlyInAnyOrder("java.base", "java.management", "jdk.jfr");
    }

    /** README's API section lists the public types of the exported packages: the built ones, no more, no fewer. */
    @Test
    void readmeListsExactlyThePublicTypesOfTheExportedPackages() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("<!-- exported-types -->\\n(.*?)<!-- /exported-types -->", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README.md has the exported-types list between its markers").isTrue();
        Map<String, Set<String>> listed = new TreeMap<>();
        Matcher line = Pattern.compile("^- `([a-z.]+)`: (.*)$", Pattern.MULTILINE).matcher(block.group(1));
        while (line.find()) {
            Set<String> types = new TreeSet<>();
            Matcher t = Pattern.compile("`([A-Za-z0-9.]+)`").matcher(line.group(2));
            while (t.find()) {
                types.add(t.group(1));
            }
            listed.put(line.group(1), types);
        }
        Map<String, Set<String>> built = new TreeMap<>();
        for (String p : API_PACKAGES) {
            built.put(p, publicTypes(p));
        }
        assertThat(listed).as("README's exported types (left) against the built module's (right)").isEqualTo(built);
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** The public types of package p in the built module, nested ones as Outer.Inner. */
    private static Set<String> publicTypes(String p) throws IOException, ClassNotFoundException {
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.list(MODULE.resolve(p.replace('.', '/')))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String binary = p + "." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(binary, false, ModulePathConsumerTest.class.getClassLoader());
                if (isPubliclyReachable(c)) {
                    types.add(c.getName().substring(p.length() + 1).replace('$', '.'));
                }
            }
        }
        return types;
    }

    private static boolean isPubliclyReachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private record Compiled(boolean ok, String messages) {}

    /** Writes sources (relative path to text) under src and compiles them with javac against the built module. */
    private static Compiled compile(Path src, Path out, Map<String, String> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // In process, javac's class path defaults to this test JVM's, which holds gort's classes outside the
            // module: a consumer sees only the module path, as a user's build would.
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            boolean ok = javac.getTask(null, fm, diagnostics,
                    List.of("-d", out.toString(), "--module-path", MODULE.toString(), "-Xlint:all"), null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            String messages = diagnostics.getDiagnostics().stream()
                    .map(d -> d.getKind() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            return new Compiled(ok && diagnostics.getDiagnostics().stream()
                    .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR), messages);
        }
    }

    private static String modulePath() {
        return MODULE + File.pathSeparator + demoClasses;
    }

    private record Run(int status, String out) {}

    /** Runs the JDK of this test (25) with args, stdout and stderr together. */
    private static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path log = Files.createTempFile(tmp, "java", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("GODEBUG");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("no exit within 60 s: " + cmd + "\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }
}
